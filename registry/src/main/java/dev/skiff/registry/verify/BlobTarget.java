package dev.skiff.registry.verify;

import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import java.net.URI;
import java.util.Optional;

/**
 * A blob a changed manifest points at, with what the manifest says it is.
 *
 * @param path the manifest page's path
 * @param namespace the namespace the manifest belongs to, whose keys may sign the image
 * @param signer the signer's fingerprint the manifest records, if any
 */
record BlobTarget(String path, Namespace namespace, URI url, long size, Digest digest, Optional<String> signer) {
  /** What the blob's check depends on: the same for every manifest that records the same blob. */
  record Claim(URI url, long size, Digest digest) {}

  Claim claim() {
    return new Claim(url, size, digest);
  }
}
