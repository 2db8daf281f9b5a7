package dev.skiff.spi;

import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;

/** The content address of an image in storage: {@code <owner>/<name>/<sha256 hex>.sif}. */
public record BlobKey(Namespace namespace, Digest digest) {

  /** The key relative to the storage's bucket and prefix. */
  public String path() {
    return namespace.owner() + "/" + namespace.name() + "/" + digest.hex() + ".sif";
  }

  @Override
  public String toString() {
    return path();
  }
}
