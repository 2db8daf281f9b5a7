package dev.skiff.registry.pull;

import dev.skiff.model.Digest;
import java.net.URI;
import java.nio.file.Path;

/**
 * What a pull did.
 *
 * @param file the image, checked
 * @param downloaded bytes fetched by this pull; 0 when the cache held the blob
 * @param url where the blob came from, or would have
 */
public record PullResult(Path file, Digest digest, long size, URI url, long downloaded) {
  /** Whether the image came from the cache, nothing downloaded. */
  public boolean fromCache() {
    return downloaded == 0;
  }
}
