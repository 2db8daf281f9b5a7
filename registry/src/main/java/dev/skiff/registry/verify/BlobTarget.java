package dev.skiff.registry.verify;

import dev.skiff.model.Digest;
import java.net.URI;

/** A blob a changed manifest points at, with what the manifest says it is. */
record BlobTarget(String path, URI url, long size, Digest digest) {
  /** What the blob's check depends on: the same for every manifest that records the same blob. */
  record Claim(URI url, long size, Digest digest) {}

  Claim claim() {
    return new Claim(url, size, digest);
  }
}
