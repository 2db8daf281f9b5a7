package dev.skiff.builders.exec;

import java.util.List;

/**
 * How a command ended.
 *
 * @param exitCode its exit code (meaningless when it timed out)
 * @param timedOut whether it was killed for running too long
 * @param tail its last lines of output
 */
public record CommandResult(int exitCode, boolean timedOut, List<String> tail) {
  public CommandResult {
    tail = List.copyOf(tail);
  }

  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }

  /** The last lines, joined for a one-line message. */
  public String tailText(int lines) {
    List<String> last = tail.subList(Math.max(0, tail.size() - lines), tail.size());
    return last.isEmpty() ? "(no output)" : String.join(" | ", last);
  }
}
