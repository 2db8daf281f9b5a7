package dev.skiff.internal.pipeline;

import dev.skiff.events.EventListener;
import dev.skiff.events.SkiffEvent;
import dev.skiff.events.Step;
import dev.skiff.spi.Log;
import dev.skiff.spi.ProgressListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends events to every listener. A listener's failure (a closed terminal, an embedder's bug) never
 * stops the run, and is not lost either: its first one is logged with the stack trace and told to
 * the other listeners.
 */
public final class Events {
  private static final System.Logger LOG = System.getLogger(Events.class.getName());

  private final List<EventListener> listeners;
  private final Set<EventListener> failed = ConcurrentHashMap.newKeySet();

  public Events(List<EventListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  public void emit(SkiffEvent event) {
    for (EventListener listener : listeners) {
      try {
        listener.on(event);
      } catch (RuntimeException e) {
        if (failed.add(listener)) {
          report(listener, event, e);
        }
      }
    }
  }

  private void report(EventListener broken, SkiffEvent event, RuntimeException e) {
    String message = "an event listener (" + broken.getClass().getName() + ") threw " + e
        + "; its later failures are not reported";
    LOG.log(System.Logger.Level.WARNING, message, e);
    SkiffEvent notice = new SkiffEvent.Notice(event.step(), event.subject(), message);
    for (EventListener listener : listeners) {
      if (listener != broken && !failed.contains(listener)) {
        try {
          listener.on(notice);
        } catch (RuntimeException again) {
          failed.add(listener);
        }
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
