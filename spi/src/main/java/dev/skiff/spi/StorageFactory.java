package dev.skiff.spi;

import java.net.URI;
import java.util.List;

/** Makes a {@link Storage} for URIs of one scheme ({@code file}, {@code s3}, {@code gs}). */
public interface StorageFactory {

  String scheme();

  String description();

  default List<ConfigKey> configKeys() {
    return List.of();
  }

  Storage create(URI uri, PluginConfig config, PluginContext context) throws SkiffException;
}
