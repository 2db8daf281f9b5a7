package dev.skiff.cli;

import dev.skiff.support.InertText;

/** Text from a repository, made safe to print: no control character reaches the terminal or the CI's log. */
final class Terminal {
  private Terminal() {}

  /** Control characters (a newline, ESC, C1) become {@code \\uXXXX}, so that one value stays one inert line. */
  static String safe(String text) {
    return InertText.of(text);
  }
}
