package dev.skiff.events;

/**
 * Receives the events of Skiff's operations.
 *
 * <p>Threads: a listener is called from the thread that called the operation ({@code plan()},
 * {@code run()}, ...) and, while recipes build and upload, from the run's worker threads (named
 * {@code skiff-build-N}), several at once when {@code jobs} is above 1. Implementations must be
 * thread-safe and quick: a slow listener slows the run.
 *
 * <p>A listener that throws does not stop the run: its first failure is logged (through
 * {@link System.Logger}, with the stack trace) and told to the other listeners as a
 * {@link SkiffEvent.Notice}; its later failures are not repeated.
 */
@FunctionalInterface
public interface EventListener {
  /**
   * Called for each event.
   *
   * @param event what happened
   */
  void on(SkiffEvent event);
}
