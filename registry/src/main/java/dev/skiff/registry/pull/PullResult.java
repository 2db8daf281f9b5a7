package dev.skiff.registry.pull;

import dev.skiff.model.Digest;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What a pull did.
 *
 * @param file the image, checked
 * @param downloaded bytes fetched by this pull; 0 when the cache held the blob
 * @param url where the blob came from, or would have
 * @param signers who signed the image ({@code FINGERPRINT (user id)}), when its signatures were checked
 */
public record PullResult(Path file, Digest digest, long size, URI url, long downloaded, List<String> signers) {
  /** Copies the signers. */
  public PullResult {
    signers = List.copyOf(signers);
  }

  /** Whether the image came from the cache, nothing downloaded. */
  public boolean fromCache() {
    return downloaded == 0;
  }
}
