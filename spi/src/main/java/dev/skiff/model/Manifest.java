package dev.skiff.model;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the registry records for one tag: the image's digest, size and download URL, and where
 * the image came from.
 */
public record Manifest(
    Namespace namespace, Tag tag, Digest digest, long size, URI url, Provenance provenance) {

  public Manifest {
    if (size <= 0) {
      throw new IllegalArgumentException("image size must be positive, was " + size);
    }
  }

  public ContainerRef ref() {
    return ContainerRef.of(namespace, tag, digest);
  }

  /**
   * How the image was made.
   *
   * @param recipe the recipe's path in the source repository
   * @param recipeDigest the sha256 of the recipe's text
   * @param builder the builder's name
   * @param created the image's build date (the source commit's time for reproducible builds)
   * @param labels the recipe's {@code %labels}
   */
  public record Provenance(
      String recipe,
      Digest recipeDigest,
      String builder,
      Instant created,
      Optional<String> sourceRepository,
      Optional<String> sourceCommit,
      Map<String, String> labels) {

    public Provenance {
      labels = Map.copyOf(labels);
    }
  }
}
