package dev.skiff.spi;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Makes a {@link Storage} for URIs of one scheme ({@code file}, {@code s3}, {@code gs}). */
public interface StorageFactory {

  /** The URI scheme of the stores this storage opens ({@code s3} for {@code s3://BUCKET/PREFIX}). */
  String scheme();

  /** One line for {@code skiff config}: what this storage stores into. */
  String description();

  /**
   * The settings this storage reads; Skiff accepts, maps to {@code SKIFF_*} variables and lists them. Default: none.
   */
  default List<ConfigKey> configKeys() {
    return List.of();
  }

  /**
   * Opens the store a URI names, reading the settings and credentials once.
   *
   * @param uri the store, such as {@code s3://myorg-containers/images}
   * @param config the run's settings
   * @param context the environment, the source and a log
   * @return the open store; the run closes it
   * @throws SkiffException for settings or credentials that cannot be used, or a store that cannot be reached
   */
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
