package dev.skiff.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Does one piece of work per item, a bounded number at a time, on daemon threads that end with the
 * call: the builds of a run, the blob checks of {@code skiff verify}. Work records its own failures
 * and returns them as results; anything it throws is a bug in Skiff, and an interrupt stops every
 * piece still running.
 */
public final class BoundedWorkers {
  /** The work done for one item. */
  @FunctionalInterface
  public interface Work<T, R> {
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
    List<R> results = new ArrayList<>(items.size());
    if (concurrency <= 1 || items.size() <= 1) {
      for (T item : items) {
        results.add(work.apply(item));
      }
      return results;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, items.size()), runnable -> {
      Thread thread = new Thread(runnable, threadName);
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<R>> running = new ArrayList<>(items.size());
      for (T item : items) {
        running.add(pool.submit(() -> work.apply(item)));
      }
      for (Future<R> future : running) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException(threadName + ": a piece of work failed unexpectedly", e.getCause());
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
