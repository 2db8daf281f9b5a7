package dev.skiff.spi;

import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;

/** The content address of an image in storage: {@code <owner>/<name>/<sha256 hex>.sif}. */
public record BlobKey(Namespace namespace, Digest digest) {

  /** The key relative to the storage's bucket and prefix. */
  public String path() {
    return path(namespace, digest.hex());
  }

  /**
   * The layout of a key, for a builder that learns the digest only where it runs (a shell
   * expression in a remote build's step).
   */
  public static String path(Namespace namespace, String hex) {
    return namespace.owner() + "/" + namespace.name() + "/" + hex + ".sif";
  }

  @Override
  public String toString() {
    return path();
  }
}
