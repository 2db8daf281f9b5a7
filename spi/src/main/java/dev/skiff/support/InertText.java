package dev.skiff.support;

/**
 * Text from outside (a repository, a pull request, a command line), made safe to put in a message:
 * control characters (a newline, ESC, C1, the Unicode line separators) become {@code \\uXXXX}, so
 * that one value stays one inert line in a terminal, a CI log or a report.
 */
public final class InertText {
  private InertText() {}

  /** Text from outside, made safe to print on one line: control characters shown, not obeyed. */
  public static String of(String text) {
    StringBuilder inert = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
        inert.append(String.format("\\u%04X", c));
      } else {
        inert.appendCodePoint(c);
      }
    });
    return inert.toString();
  }
}
