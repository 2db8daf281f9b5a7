package dev.skiff.spi;

import java.util.List;

/** Makes a {@link Publisher}; chosen by {@link #name()}, the word users write as {@code publisher:}. */
public interface PublisherFactory {

  String name();

  String description();

  default List<ConfigKey> configKeys() {
    return List.of();
  }

  /**
   * @param registry the registry as the user gave it: a local path or a URL
   */
  Publisher create(String registry, PluginConfig config, PluginContext context) throws SkiffException;
}
