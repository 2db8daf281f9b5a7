package dev.skiff.internal.pipeline;

import dev.skiff.events.EventListener;
import dev.skiff.events.SkiffEvent;
import dev.skiff.events.Step;
import dev.skiff.spi.Log;
import dev.skiff.spi.ProgressListener;
import java.util.List;

/** Sends events to every listener; a listener's own failure never stops the run. */
public final class Events {
  private final List<EventListener> listeners;

  public Events(List<EventListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  public void emit(SkiffEvent event) {
    for (EventListener listener : listeners) {
      try {
        listener.on(event);
      } catch (RuntimeException e) {
        // A broken listener (a closed terminal, an embedder's bug) must not fail a build.
      }
    }
  }

  /** A plugin-facing {@link Log} that turns lines into {@link SkiffEvent.LogLine} events. */
  public Log log(Step step, String subject) {
    return line -> emit(new SkiffEvent.LogLine(step, subject, line));
  }

  /** A plugin-facing {@link ProgressListener} that turns progress into events. */
  public ProgressListener progress(Step step, String subject) {
    return (done, total) -> emit(new SkiffEvent.Progress(step, subject, done, total));
  }
}
