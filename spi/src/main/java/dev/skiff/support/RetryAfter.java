package dev.skiff.support;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The HTTP {@code Retry-After} header (RFC 9110): a number of seconds, or a date to wait until. */
public final class RetryAfter {
  private static final Pattern SECONDS = Pattern.compile("\\d{1,9}");

  private RetryAfter() {}

  /** How long the header asks to wait (zero for a date gone by); empty when it is neither form. */
  public static Optional<Duration> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String text = value.strip();
    if (SECONDS.matcher(text).matches()) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    }
    try {
      Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(text,
          DateTimeFormatter.RFC_1123_DATE_TIME));
      return Optional.of(until.isNegative() ? Duration.ZERO : until);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** As {@link #parse}, no longer than {@code max}. */
  public static Optional<Duration> parse(String value, Duration max) {
    return parse(value).map(d -> d.compareTo(max) > 0 ? max : d);
  }
}
