package dev.skiff.registry.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

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
 */
public record VerifyRequest(
    Path repository, String base, String head, String branch, boolean deep, int concurrency, Duration timeout,
    int attempts) {

  public static final int DEFAULT_CONCURRENCY = 16;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_ATTEMPTS = 3;

  public VerifyRequest {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(branch, "branch");
    if (concurrency < 1 || attempts < 1 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("concurrency, attempts and timeout must be positive");
    }
  }
}
