package dev.skiff.support;

import java.util.stream.Collectors;

/** Parser messages made into the one line an error gives. */
public final class ParserMessages {
  private ParserMessages() {}

  /**
   * A YAML or JSON parser's message on one line, less its pointers into the text (the
   * {@code in 'reader', line 1} lines and the {@code ^} under the column), which would print lines
   * of the parsed file.
   */
  public static String oneLine(String message) {
    return String.valueOf(message).lines().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("in 'reader'") && !line.matches("\\^+"))
        .collect(Collectors.joining(": "));
  }
}
