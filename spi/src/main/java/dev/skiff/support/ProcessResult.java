package dev.skiff.support;

import java.util.List;

/**
 * How a process that {@link ProcessRunner} ran ended.
 *
 * @param exitCode its exit code (that of a killed process when it timed out)
 * @param timedOut whether it was killed, with every process it started, for passing its deadline
 * @param tail its last lines of output, for an error message
 * @param outputBytes how many bytes of output it wrote, shown or not
 */
public record ProcessResult(int exitCode, boolean timedOut, List<String> tail, long outputBytes) {
  /** Copies the tail. */
  public ProcessResult {
    tail = List.copyOf(tail);
  }

  /** Whether it ended in time with exit code 0. */
  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }

  /**
   * The last lines, joined for a one-line message.
   *
   * @param lines how many of the last lines
   * @return the lines joined by {@code " | "}, or {@code (no output)}
   */
  public String tailText(int lines) {
    List<String> last = tail.subList(Math.max(0, tail.size() - lines), tail.size());
    return last.isEmpty() ? "(no output)" : String.join(" | ", last);
  }
}
