package dev.skiff.cli;

import dev.skiff.support.InertText;
import dev.skiff.support.UrlCredentials;

/**
 * Text made safe to print: no control character reaches the terminal or the CI's log, and no URL
 * keeps its user or password, whichever setting or answer it came from.
 */
final class Terminal {
  private Terminal() {}

  /** Control characters (a newline, ESC, C1) become {@code \\uXXXX}, so that one value stays one inert line. */
  static String safe(String text) {
    return InertText.of(UrlCredentials.strip(text));
  }
}
