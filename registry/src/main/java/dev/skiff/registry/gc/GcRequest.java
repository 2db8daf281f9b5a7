package dev.skiff.registry.gc;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code skiff gc} is asked to do.
 *
 * @param registry the registry repository: a folder or a git URL
 * @param grace objects written less than this long ago are kept, referenced or not: a run may have
 *     stored them for a pull request not opened yet
 * @param history also keep what commits of the last this long referred to, for sites that serve
 *     older revisions; empty for the branches' tips alone
 * @param delete delete what would go; without it, only say what would
 * @param now the time the ages are measured from
 */
public record GcRequest(String registry, Duration grace, Optional<Duration> history, boolean delete, Instant now) {
  /** Checks that the grace period and history are not negative. */
  public GcRequest {
    if (grace.isNegative() || history.filter(Duration::isNegative).isPresent()) {
      throw new IllegalArgumentException("a grace period or history is not negative");
    }
  }
}
