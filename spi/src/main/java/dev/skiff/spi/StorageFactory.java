package dev.skiff.spi;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Makes a {@link Storage} for URIs of one scheme ({@code file}, {@code s3}, {@code gs}). */
public interface StorageFactory {

  String scheme();

  String description();

  default List<ConfigKey> configKeys() {
    return List.of();
  }

  Storage create(URI uri, PluginConfig config, PluginContext context) throws SkiffException;

  /**
   * The store URI ({@code s3://BUCKET/KEY}) of a public https URL of an object in a bucket of this
   * kind, when the URL is one; for reading private buckets whose manifests record https URLs.
   */
  default Optional<URI> storeOf(URI url) {
    return Optional.empty();
  }

  /**
   * Opens a folder of plain files at {@code uri}, for publishing a static site; stores that cannot
   * hold one keep this default, which says so.
   */
  default StaticFiles createStaticFiles(URI uri, PluginConfig config, PluginContext context) throws SkiffException {
    throw new SkiffException("storage '" + uri + "': " + scheme() + ": storage cannot hold a static site");
  }
}
