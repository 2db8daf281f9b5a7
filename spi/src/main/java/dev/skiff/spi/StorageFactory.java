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

  /**
   * Opens a folder of plain files at {@code uri}, for publishing a static site; stores that cannot
   * hold one keep this default, which says so.
   */
  default StaticFiles createStaticFiles(URI uri, PluginConfig config, PluginContext context) throws SkiffException {
    throw new SkiffException("storage '" + uri + "': " + scheme() + ": storage cannot hold a static site");
  }
}
