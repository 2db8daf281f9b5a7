package dev.skiff.spi;

import dev.skiff.model.Digest;
import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.Namespace;
import java.util.Optional;

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

  /** The blob whose key {@code path} is ({@code OWNER/NAME/HEX.sif}), if it is one. */
  public static Optional<BlobKey> parse(String path) {
    String[] parts = path.split("/", -1);
    if (parts.length != 3 || !parts[2].endsWith(".sif")) {
      return Optional.empty();
    }
    try {
      BlobKey key = new BlobKey(new Namespace(parts[0], parts[1]),
          new Digest(parts[2].substring(0, parts[2].length() - ".sif".length())));
      // Only the one spelling: a name the layout would write differently is not this blob's.
      return key.path().equals(path) ? Optional.of(key) : Optional.empty();
    } catch (InvalidReferenceException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return path();
  }
}
