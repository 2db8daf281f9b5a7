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

  Builder create(PluginConfig config, PluginContext context) throws SkiffException;
}
