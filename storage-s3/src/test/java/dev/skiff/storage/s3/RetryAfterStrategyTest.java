package dev.skiff.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryAfterStrategyTest {
  @Test
  void secondsAndHttpDatesAreRead() {
    assertThat(RetryAfterStrategy.parse("7")).contains(Duration.ofSeconds(7));
    assertThat(RetryAfterStrategy.parse(" 0 ")).contains(Duration.ZERO);
    String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
    assertThat(RetryAfterStrategy.parse(inTenSeconds).orElseThrow()).isBetween(Duration.ofSeconds(8),
        Duration.ofSeconds(10));
    String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().minusSeconds(10));
    assertThat(RetryAfterStrategy.parse(past)).contains(Duration.ZERO);
    assertThat(RetryAfterStrategy.parse("soon")).isEmpty();
    assertThat(RetryAfterStrategy.parse("-3")).isEmpty();
  }
}
