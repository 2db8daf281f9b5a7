package dev.skiff.spi;

import java.util.List;

/** Makes a {@link Builder}; chosen by {@link #name()}, the word users write as {@code builder:}. */
public interface BuilderFactory {

  String name();

  /** One line for {@code --help} and error messages. */
  String description();

  default List<ConfigKey> configKeys() {
    return List.of();
  }

  /**
   * How many recipes this builder builds at once unless the user sets {@code jobs}: 1 for builders
   * that use this machine, more for remote build services that only wait.
   */
  default int defaultJobs() {
    return 1;
  }

  Builder create(PluginConfig config, PluginContext context) throws SkiffException;
}
