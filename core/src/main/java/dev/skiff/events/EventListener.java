package dev.skiff.events;

/** Receives a run's events; called from the run's threads, so implementations must be thread-safe. */
@FunctionalInterface
public interface EventListener {
  void on(SkiffEvent event);
}
