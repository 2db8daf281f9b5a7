package dev.skiff.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Does one piece of work per item, a bounded number at a time, on daemon threads that end with the
 * work: the builds of a run, the blob checks of {@code skiff verify}, the namespaces of a site.
 * Work records the failures a user can cause and returns them as results; an unchecked exception it
 * throws comes out of {@link Feed#finish()} as it was thrown, and an interrupt stops every piece
 * still running.
 */
public final class BoundedWorkers {
  /** The work done for one item. */
  @FunctionalInterface
  public interface Work<T, R> {
    /** Does the work for one item. */
    R apply(T item) throws InterruptedException;
  }

  private BoundedWorkers() {}

  /**
   * @param concurrency how many items are worked on at once; 1 works in the calling thread
   * @param threadName the workers' name, for thread dumps
   * @return the results, in the order of the items
   */
  public static <T, R> List<R> map(List<T> items, int concurrency, String threadName, Work<T, R> work)
      throws InterruptedException {
    try (Feed<T, R> feed = feed(Math.min(concurrency, Math.max(1, items.size())), threadName, work)) {
      for (T item : items) {
        feed.submit(item);
      }
      return feed.finish();
    }
  }

  /**
   * Work for items that are still being read, such as a tree walked one entry at a time: at most
   * twice {@code concurrency} items wait or run at once, so memory stays bounded whatever the count.
   */
  public static <T, R> Feed<T, R> feed(int concurrency, String threadName, Work<T, R> work) {
    return new Feed<>(concurrency, threadName, work);
  }

  /** Items handed to the workers one by one; {@link #finish()} returns the results in submission order. */
  public static final class Feed<T, R> implements AutoCloseable {
    private final Work<T, R> work;
    private final ExecutorService pool;
    private final Semaphore slots;
    private final List<Future<R>> running = new ArrayList<>();
    private final List<R> inline = new ArrayList<>();

    private Feed(int concurrency, String threadName, Work<T, R> work) {
      this.work = work;
      this.pool = concurrency <= 1 ? null : Executors.newFixedThreadPool(concurrency, runnable -> {
        Thread thread = new Thread(runnable, threadName);
        thread.setDaemon(true);
        return thread;
      });
      this.slots = new Semaphore(Math.max(1, concurrency) * 2);
    }

    /** Hands an item to the workers, waiting while too many are in hand. */
    public void submit(T item) throws InterruptedException {
      if (pool == null) {
        inline.add(work.apply(item));
        return;
      }
      slots.acquire();
      try {
        running.add(pool.submit(() -> {
          try {
            return work.apply(item);
          } finally {
            slots.release();
          }
        }));
      } catch (RuntimeException e) {
        slots.release();
        throw e;
      }
    }

    /** Waits for every item; the results come in the order the items were submitted. */
    public List<R> finish() throws InterruptedException {
      if (pool == null) {
        return new ArrayList<>(inline);
      }
      List<R> results = new ArrayList<>(running.size());
      for (Future<R> future : running) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException unchecked) {
            throw unchecked;
          }
          if (cause instanceof Error error) {
            throw error;
          }
          if (cause instanceof InterruptedException interrupted) {
            throw interrupted;
          }
          throw new IllegalStateException(cause);
        }
      }
      return results;
    }

    /** Stops whatever still runs. */
    @Override
    public void close() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }
}
