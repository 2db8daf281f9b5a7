package dev.skiff.registry.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What to verify and how.
 *
 * @param repository the registry repository (a clone with the pull request's base and head)
 * @param base the pull request's base (the target branch, or its commit)
 * @param head the pull request's head commit
 * @param branch the pull request's head branch, whose name says which namespace it may change
 * @param deep whether to download every changed blob and check its sha256
 * @param concurrency how many blobs are checked at once
 * @param timeout how long one HTTP request may take
 * @param attempts how often an HTTP request is tried when the server fails or drops it
 * @param origin who asks: the repository the pull request comes from, and its author
 * @param allowEmpty whether a pull request that changes nothing passes (otherwise it is an error)
 */
public record VerifyRequest(
    Path repository, String base, String head, String branch, boolean deep, int concurrency, Duration timeout,
    int attempts, Origin origin, boolean allowEmpty) {

  /** How many blobs are checked at once by default. */
  public static final int DEFAULT_CONCURRENCY = 16;
  /** How long one check of a blob may take by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** How often a blob's check is tried by default. */
  public static final int DEFAULT_ATTEMPTS = 3;

  /**
   * Where a pull request comes from. With no head repository, it is taken as coming from the
   * registry repository itself (a branch pushed there).
   *
   * @param registry the registry repository's own OWNER/NAME, needed to judge a head repository
   * @param headRepository the OWNER/NAME of the repository the pull request's branch is in
   * @param author the login of the pull request's author
   */
  public record Origin(Optional<String> registry, Optional<String> headRepository, Optional<String> author) {
    /** The origin of a pull request from the registry itself, not a fork. */
    public static final Origin REGISTRY_ITSELF = new Origin(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Checks that the components are given and the counts and timeout are positive. */
  public VerifyRequest {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(origin, "origin");
    if (concurrency < 1 || attempts < 1 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("concurrency, attempts and timeout must be positive");
    }
  }

  /** A pull request from a branch of the registry repository itself, which must change something. */
  public VerifyRequest(Path repository, String base, String head, String branch, boolean deep, int concurrency,
      Duration timeout, int attempts) {
    this(repository, base, head, branch, deep, concurrency, timeout, attempts, Origin.REGISTRY_ITSELF, false);
  }
}
