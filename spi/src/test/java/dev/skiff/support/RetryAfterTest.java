package dev.skiff.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  @Test
  void secondsAndHttpDatesAreRead() {
    assertThat(RetryAfter.parse("7")).contains(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse(" 0 ")).contains(Duration.ZERO);
    String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
    assertThat(RetryAfter.parse(inTenSeconds).orElseThrow()).isBetween(Duration.ofSeconds(8),
        Duration.ofSeconds(10));
    String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().minusSeconds(10));
    assertThat(RetryAfter.parse(past)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("soon")).isEmpty();
    assertThat(RetryAfter.parse("-3")).isEmpty();
    assertThat(RetryAfter.parse(null)).isEmpty();
    assertThat(RetryAfter.parse("600", Duration.ofMinutes(1))).contains(Duration.ofMinutes(1));
  }
}
