package dev.skiff.support;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in settings and options: seconds, {@code 90s}, {@code 30m}, {@code 2h}, {@code 7d}, or ISO-8601. */
public final class DurationText {
  /** What to write, for messages. */
  public static final String FORMS = "write seconds, or 90s, 30m, 2h, 7d";

  private static final Pattern AMOUNT = Pattern.compile("(\\d+)([smhd]?)");

  private DurationText() {}

  /** The duration {@code text} says, or empty when it says none. */
  public static Optional<Duration> parse(String text) {
    String trimmed = text.trim();
    Matcher amount = AMOUNT.matcher(trimmed);
    try {
      if (amount.matches()) {
        long value = Long.parseLong(amount.group(1));
        return Optional.of(switch (amount.group(2)) {
          case "m" -> Duration.ofMinutes(value);
          case "h" -> Duration.ofHours(value);
          case "d" -> Duration.ofDays(value);
          default -> Duration.ofSeconds(value);
        });
      }
      Duration iso = Duration.parse(trimmed);
      return iso.isNegative() ? Optional.empty() : Optional.of(iso);
    } catch (DateTimeParseException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  /** A duration written the way {@link #parse} reads it, in the largest unit that divides it. */
  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds != 0 && seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds != 0 && seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    if (seconds != 0 && seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
