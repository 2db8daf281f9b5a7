package dev.skiff.spi;

import java.util.List;

/**
 * The one entry point of a plugin jar, found with {@link java.util.ServiceLoader}: list the class
 * in {@code META-INF/services/dev.skiff.spi.SkiffPlugin}. Each method returns the factories the
 * plugin contributes and defaults to none, so that new extension kinds never break old plugins.
 */
public interface SkiffPlugin {

  /** A short name for messages ("builders", "acme-hpc"). */
  String name();

  /** The builders this plugin contributes. Default: none. */
  default List<BuilderFactory> builders() {
    return List.of();
  }

  /** The storages this plugin contributes. Default: none. */
  default List<StorageFactory> storages() {
    return List.of();
  }

  /** The publishers this plugin contributes. Default: none. */
  default List<PublisherFactory> publishers() {
    return List.of();
  }
}
