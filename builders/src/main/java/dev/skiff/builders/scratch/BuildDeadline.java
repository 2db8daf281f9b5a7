package dev.skiff.builders.scratch;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When one scratch build must be done by. Copying {@code %files} checks it between files, and
 * mksquashfs gets what is left, so the builder's timeout covers the whole build.
 */
final class BuildDeadline {
  private final LongSupplier nanoTime;
  private final long end;

  /** @param nanoTime a monotonic clock ({@code System::nanoTime}; tests pass their own) */
  BuildDeadline(Duration timeout, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.end = nanoTime.getAsLong() + timeout.toNanos();
  }

  /** What is left, at least a millisecond (a timeout of zero means "none" to some callers). */
  Duration remaining() throws PassedException {
    check();
    return Duration.ofNanos(Math.max(1_000_000, end - nanoTime.getAsLong()));
  }

  void check() throws PassedException {
    if (end - nanoTime.getAsLong() <= 0) {
      throw new PassedException();
    }
  }

  /** The deadline passed; an IOException so that it leaves file walks unchanged. */
  static final class PassedException extends IOException {
    private static final long serialVersionUID = 1L;

    PassedException() {
      super("the build's time is up");
    }
  }
}
