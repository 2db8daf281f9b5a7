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

  /** Checks that the image size is positive. */
  public Manifest {
    if (size <= 0) {
      throw new IllegalArgumentException("image size must be positive, was " + size);
    }
  }

  /** The image's reference: namespace, tag and digest. */
  public ContainerRef ref() {
    return ContainerRef.of(namespace, tag, digest);
  }

  /**
   * How the image was made.
   *
   * @param recipe the recipe's path in the source repository
   * @param recipeDigest the sha256 of the recipe's text
   * @param builder the builder's name
   * @param created the image's date, inside it too: the time of the last commit that changed its
   *     inputs, so that a commit elsewhere in the repository changes no image
   * @param labels the recipe's {@code %labels}
   * @param inputDigest the digest of everything the build read (the recipe's meaning, the files it
   *     copies in, the builder and its settings): a run whose inputs have this digest skips the build
   * @param built when the build ran, which {@code rebuild-after} counts from
   * @param signer the fingerprint (40 upper-case hex digits) of the OpenPGP key whose signature the
   *     image carries, when the run signed it
   * @param buildRun the CI run that built the image, when the run knew it (an http(s) URL)
   */
  public record Provenance(
      String recipe,
      Digest recipeDigest,
      String builder,
      Instant created,
      Optional<String> sourceRepository,
      Optional<String> sourceCommit,
      Map<String, String> labels,
      Optional<Digest> inputDigest,
      Optional<Instant> built,
      Optional<String> signer,
      Optional<URI> buildRun) {

    /** Copies the labels; checks the signer is a fingerprint. */
    public Provenance {
      labels = Map.copyOf(labels);
      if (signer.isPresent() && !signer.get().matches("[0-9A-F]{40}")) {
        throw new IllegalArgumentException("a signer is a key fingerprint, 40 upper-case hex digits: " + signer.get());
      }
    }

    /** Provenance of an unsigned image. */
    public Provenance(String recipe, Digest recipeDigest, String builder, Instant created,
        Optional<String> sourceRepository, Optional<String> sourceCommit, Map<String, String> labels,
        Optional<Digest> inputDigest, Optional<Instant> built) {
      this(recipe, recipeDigest, builder, created, sourceRepository, sourceCommit, labels, inputDigest, built,
          Optional.empty(), Optional.empty());
    }

    /** Provenance that records no inputs, as older registries hold it. */
    public Provenance(String recipe, Digest recipeDigest, String builder, Instant created,
        Optional<String> sourceRepository, Optional<String> sourceCommit, Map<String, String> labels) {
      this(recipe, recipeDigest, builder, created, sourceRepository, sourceCommit, labels, Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty());
    }
  }
}
