package dev.skiff.registry;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * What Jekyll makes of a plain (unquoted, untagged) YAML scalar. Jekyll reads front matter with
 * Ruby's Psych, which resolves scalars by YAML 1.1's rules ({@code yes} is true, {@code 010} is 8,
 * {@code 1,000} is 1000, {@code 2024-05-01} is a date), while Jackson reads most of them as text.
 * Only the readings both agree on are known here: text, whole numbers in plain decimal, and null;
 * everything else Psych would turn into a value of another kind is {@link Reading#OTHER}, so that a
 * page holding one is refused and a writer quotes such text.
 *
 * <p>The patterns are those of Psych 4's {@code ScalarScanner#tokenize} (Ruby 3.1, as GitHub Pages
 * and Debian's Jekyll 4.3.1 run it): Ruby's {@code ^} and {@code $} match at every line, hence
 * MULTILINE with UNIX_LINES, since Ruby knows no other line end.
 */
final class RubyScalars {
  private static final int LINES = Pattern.MULTILINE | Pattern.UNIX_LINES;
  /** Psych's test for text "not to get caught by hash keys, hex values, and special floats". */
  private static final Pattern TEXT_LIKE =
      Pattern.compile("^[^\\d.:-]?[\\p{IsAlphabetic}_ \\t\\r\\n\\f\\x0B!@#$%^&*(){}<>|/\\\\~;=]+", LINES);
  private static final Pattern NOT_KEYWORD =
      Pattern.compile("^[^ytonf~]", LINES | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern NULL = Pattern.compile("^null$", LINES | Pattern.CASE_INSENSITIVE);
  private static final Pattern BOOLEAN = Pattern.compile("^(yes|true|on|no|false|off)$", LINES | Pattern.CASE_INSENSITIVE);
  /** Every other form Psych resolves (times, dates, infinities, symbols, base 60, floats, integers). */
  private static final Pattern TYPED = Pattern.compile(String.join("|",
      "^-?\\d{4}-\\d{1,2}-\\d{1,2}(?:[Tt]|\\s+)\\d{1,2}:\\d\\d:\\d\\d(?:\\.\\d*)?(?:\\s*(?:Z|[-+]\\d{1,2}:?(?:\\d\\d)?))?$",
      "^\\d{4}-(?:1[012]|0\\d|\\d)-(?:[12]\\d|3[01]|0\\d|\\d)$",
      "^[-+]?\\.inf$", "^\\.nan$", "^:.",
      "^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}(\\.[0-9_]*)?$",
      "^(?:[-+]?([0-9][0-9_,]*)?\\.[0-9]*([eE][-+][0-9]+)?)$",
      "^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$"),
      LINES | Pattern.CASE_INSENSITIVE);
  /** The one integer form whose value every reader agrees on. */
  private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)");

  private RubyScalars() {}

  /** What a reader makes of a scalar, where Skiff knows it for Jekyll. */
  sealed interface Reading {
    /** A value Psych turns into something other than text, a decimal number or null: not known here. */
    Reading OTHER = new Other();

    record Text(String value) implements Reading {}

    record Number(BigInteger value) implements Reading {}

    record Null() implements Reading {}

    record Other() implements Reading {}
  }

  /** How Jekyll reads a plain scalar. */
  static Reading plain(String scalar) {
    if (scalar.isEmpty()) {
      return new Reading.Null();
    }
    if (TEXT_LIKE.matcher(scalar).find() || scalar.indexOf('\n') >= 0) {
      if (scalar.length() > 5 || NOT_KEYWORD.matcher(scalar).find()) {
        return new Reading.Text(scalar);
      }
      if (scalar.equals("~") || NULL.matcher(scalar).find()) {
        return new Reading.Null();
      }
      return BOOLEAN.matcher(scalar).find() ? Reading.OTHER : new Reading.Text(scalar);
    }
    if (DECIMAL.matcher(scalar).matches()) {
      return new Reading.Number(new BigInteger(scalar));
    }
    return TYPED.matcher(scalar).find() ? Reading.OTHER : new Reading.Text(scalar);
  }

  /** Whether text written unquoted is read back by Jekyll as the same text. */
  static boolean readsAsItself(String text) {
    return plain(text).equals(new Reading.Text(text));
  }
}
