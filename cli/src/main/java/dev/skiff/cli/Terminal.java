package dev.skiff.cli;

/** Text from a repository, made safe to print: no control character reaches the terminal or the CI's log. */
final class Terminal {
  private Terminal() {}

  /** Control characters (a newline, ESC, C1) become {@code \\uXXXX}, so that one value stays one inert line. */
  static String safe(String text) {
    StringBuilder safe = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
        safe.append(String.format("\\u%04X", c));
      } else {
        safe.appendCodePoint(c);
      }
    });
    return safe.toString();
  }
}
