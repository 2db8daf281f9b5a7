package dev.skiff.support;

import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a build on a remote service: polls its status with exponential backoff until it
 * ends, and cancels it at the deadline or when the run is interrupted, so that no build keeps
 * running (and billing) for a run that gave up on it.
 */
public final class BuildPolling {
  private static final Duration FIRST_POLL = Duration.ofMillis(200);

  /** Reads the build's status. */
  @FunctionalInterface
  public interface Poll<T> {
    /** Asks the service for the build's status once. */
    T status() throws SkiffException, IOException, InterruptedException;
  }

  /** Cancels the build. */
  @FunctionalInterface
  public interface Cancel {
    /** Asks the service to stop the build. */
    void cancel() throws SkiffException, IOException, InterruptedException;
  }

  private BuildPolling() {}

  /**
   * @param ended whether a status is final
   * @param maxPause the longest pause between two polls
   * @param timedOut the failure to report after cancelling at the deadline
   * @return the final status
   */
  public static <T> T until(Poll<T> poll, Predicate<T> ended, Duration timeout, Duration maxPause, Cancel cancel,
      Supplier<SkiffException> timedOut) throws SkiffException, IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration pause = FIRST_POLL;
    try {
      while (true) {
        T status = poll.status();
        if (ended.test(status)) {
          return status;
        }
        if (System.nanoTime() > deadline) {
          cancel.cancel();
          throw timedOut.get();
        }
        Thread.sleep(pause.toMillis());
        pause = pause.multipliedBy(2).compareTo(maxPause) > 0 ? maxPause : pause.multipliedBy(2);
      }
    } catch (InterruptedException e) {
      Thread.interrupted(); // let the cancel request go out
      try {
        cancel.cancel();
      } finally {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
  }
}
