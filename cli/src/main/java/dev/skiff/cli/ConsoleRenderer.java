package dev.skiff.cli;

import dev.skiff.events.EventListener;
import dev.skiff.events.SkiffEvent;
import dev.skiff.events.Step;
import dev.skiff.support.HumanBytes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a run's events for people: one line per step, build output indented, a progress bar on
 * a terminal and a plain progress line every few seconds in CI logs.
 */
final class ConsoleRenderer implements EventListener {
  private static final long PLAIN_PROGRESS_INTERVAL = TimeUnit.SECONDS.toNanos(5);
  private static final int BAR_WIDTH = 30;

  private final PrintWriter err;
  private final boolean verbose;
  private final boolean quiet;
  private final boolean terminal;
  private final ConcurrentHashMap<String, Long> lastProgress = new ConcurrentHashMap<>();
  private boolean barShown;

  ConsoleRenderer(PrintWriter err, boolean verbose, boolean quiet, boolean terminal) {
    this.err = err;
    this.verbose = verbose;
    this.quiet = quiet;
    this.terminal = terminal;
  }

  @Override
  public synchronized void on(SkiffEvent event) {
    if (event.step() == Step.PLUGINS) {
      return; // SkiffCommand warns about plugins for every command, this renderer's or not
    }
    String step = String.format(Locale.ROOT, "%-9s", event.step().word());
    if (event instanceof SkiffEvent.Failed failed) {
      endProgressLine();
      err.println("error     " + Terminal.safe(failed.subject()) + ": " + Terminal.safe(failed.message())
          + SkiffCommand.crashHint(failed.cause(), verbose));
      if (verbose && failed.cause() != null) {
        failed.cause().printStackTrace(err);
      }
    } else if (quiet) {
      return;
    } else if (event instanceof SkiffEvent.Started started) {
      if (verbose) {
        err.println(step + Terminal.safe(started.subject()) + " ...");
      }
    } else if (event instanceof SkiffEvent.Finished finished) {
      endProgressLine();
      err.println(step + Terminal.safe(finished.subject()) + ": " + Terminal.safe(finished.outcome()) + " ("
          + format(finished.took()) + ")");
    } else if (event instanceof SkiffEvent.LogLine log) {
      err.println(step + Terminal.safe(log.subject()) + " | " + Terminal.safe(log.line()));
    } else if (event instanceof SkiffEvent.Notice notice) {
      err.println(step + Terminal.safe(notice.subject()) + ": " + Terminal.safe(notice.message()));
    } else if (event instanceof SkiffEvent.Progress progress) {
      progress(step, progress);
    }
    err.flush();
  }

  private void progress(String step, SkiffEvent.Progress progress) {
    boolean done = progress.total() > 0 && progress.done() >= progress.total();
    if (terminal) {
      int filled = progress.total() > 0 ? (int) (BAR_WIDTH * progress.done() / progress.total()) : 0;
      err.print("\r" + step + Terminal.safe(progress.subject()) + " [" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] "
          + bytes(progress.done()) + (progress.total() > 0 ? " / " + bytes(progress.total()) : ""));
      barShown = true;
      return;
    }
    long now = System.nanoTime();
    Long last = lastProgress.get(progress.subject());
    if (last == null) {
      lastProgress.put(progress.subject(), now);
    } else if (now - last >= PLAIN_PROGRESS_INTERVAL && !done) {
      lastProgress.put(progress.subject(), now);
      err.println(step + Terminal.safe(progress.subject()) + ": " + bytes(progress.done())
          + (progress.total() > 0 ? " of " + bytes(progress.total()) : ""));
    }
  }

  private void endProgressLine() {
    if (barShown) {
      err.println();
      barShown = false;
    }
  }

  static String bytes(long count) {
    return HumanBytes.format(count);
  }


  private static String format(Duration took) {
    return took.toMillis() < 1000 ? took.toMillis() + " ms" : String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
  }
}
