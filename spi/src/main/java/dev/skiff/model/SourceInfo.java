package dev.skiff.model;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the images come from: the source repository, its commit and the CI build that ran.
 *
 * @param repository the repository's web or clone URL, without credentials
 * @param commit the commit being built
 * @param commitTime the commit's time; the build date of reproducible images
 * @param buildUrl the CI build's page
 */
public record SourceInfo(
    Optional<String> repository,
    Optional<String> commit,
    Optional<Instant> commitTime,
    Optional<URI> buildUrl) {

  /** Source information that records nothing: outside git and CI. */
  public static SourceInfo unknown() {
    return new SourceInfo(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
