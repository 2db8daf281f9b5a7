package dev.skiff.cli;

import dev.skiff.events.EventListener;
import dev.skiff.events.SkiffEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The last lines each build logged, by subject ({@code lab/tools:v1}): what a failed test case in JUnit XML shows. */
final class LogTails implements EventListener {
  private static final int LINES = 30;
  private final Map<String, Deque<String>> tails = new HashMap<>();

  @Override
  public synchronized void on(SkiffEvent event) {
    if (event instanceof SkiffEvent.LogLine line) {
      Deque<String> tail = tails.computeIfAbsent(line.subject(), s -> new ArrayDeque<>());
      tail.addLast(line.line());
      if (tail.size() > LINES) {
        tail.removeFirst();
      }
    }
  }

  synchronized List<String> of(String subject) {
    return List.copyOf(tails.getOrDefault(subject, new ArrayDeque<>()));
  }
}
