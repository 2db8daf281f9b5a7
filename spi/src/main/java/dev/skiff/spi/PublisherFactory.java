package dev.skiff.spi;

import java.util.List;

/** Makes a {@link Publisher}; chosen by {@link #name()}, the word users write as {@code publisher:}. */
public interface PublisherFactory {

  /** The word users write to choose this publisher ({@code publisher: branch}). */
  String name();

  /** One line for {@code skiff config}: what this publisher does. */
  String description();

  /**
   * The settings this publisher reads; Skiff accepts, maps to {@code SKIFF_*} variables and lists them. Default: none.
   */
  default List<ConfigKey> configKeys() {
    return List.of();
  }

  /**
   * @param registry the registry as the user gave it: a local path or a URL
   */
  Publisher create(String registry, PluginConfig config, PluginContext context) throws SkiffException;
}
