package dev.skiff.registry.pull;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a download from a store's own client whose body stops moving: such a client's timeouts
 * need not cover a body that stalls, which would hold a pull forever. The read then fails, and the
 * pull continues from where it stopped. (Over HTTP, the socket's read timeout does the same.)
 */
final class StallGuard {
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "skiff-pull-stall-guard");
    thread.setDaemon(true);
    return thread;
  });

  private StallGuard() {}

  /** The body, closed when no byte arrives for {@code patience}. */
  static InputStream watch(InputStream body, Duration patience) {
    return new Watched(body, patience);
  }

  private static final class Watched extends FilterInputStream {
    private final long patienceNanos;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;
    private final ScheduledFuture<?> check;

    Watched(InputStream body, Duration patience) {
      super(body);
      this.patienceNanos = patience.toNanos();
      long period = Math.max(10, patience.toMillis() / 4);
      this.check = TIMER.scheduleAtFixedRate(this::checkProgress, period, period, TimeUnit.MILLISECONDS);
    }

    private void checkProgress() {
      if (System.nanoTime() - lastProgress > patienceNanos) {
        stalled = true;
        check.cancel(false);
        try {
          in.close();
        } catch (IOException e) {
          // Closing is the point; the reader learns of it from its read.
        }
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n;
      try {
        n = super.read(buffer, offset, length);
      } catch (IOException e) {
        throw stalled ? new IOException("no byte arrived for " + patienceNanos / 1_000_000_000 + " s", e) : e;
      }
      lastProgress = System.nanoTime();
      if (stalled && n < 0) {
        throw new IOException("no byte arrived for " + patienceNanos / 1_000_000_000 + " s");
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      check.cancel(false);
      super.close();
    }
  }
}
