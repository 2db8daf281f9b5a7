package dev.skiff.support;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * When Skiff's HTTP clients (the GitHub API, the blob checks) try a request again, and how long
 * they wait. Answers 429 and 5xx, 403 with a spent rate limit, and dropped connections are tried
 * again, up to {@code attempts} tries in all. The pause is what the server asks for
 * ({@code Retry-After}, or until {@code X-RateLimit-Reset} when no requests remain), else an
 * exponential backoff with jitter; the pauses of one request never add up to more than
 * {@code maxWait}, and a server that asks for more gets its answer handed back instead. A request
 * that timed out is not tried again: its timeout was the bound.
 *
 * @param attempts how many tries in all, at least 1
 * @param maxWait the longest the pauses of one request may add up to
 */
public record RetryPolicy(int attempts, Duration maxWait) {
  /** Three tries, pausing two minutes at the most: long enough for a rate limit, short for a CI job. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMinutes(2));
  private static final long FIRST_BACKOFF_MILLIS = 200;

  /** Checks that the attempts and delays are positive. */
  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
    }
  }

  /** One request and the reading of its answer. */
  @FunctionalInterface
  public interface Exchange<T> {
    /** Sends the request once. */
    T send() throws IOException, InterruptedException;
  }

  /**
   * Sends until an answer is final, or the tries or the wait are spent.
   *
   * @param status the answer's HTTP status
   * @param headers the answer's headers
   * @return the last answer, which the caller judges (it may still be a 429 or a 503)
   * @throws IOException the last failure to get an answer, or a timeout
   */
  public <T> T call(Exchange<T> exchange, ToIntFunction<T> status, Function<T, HttpHeaders> headers)
      throws IOException, InterruptedException {
    long waited = 0;
    for (int attempt = 1; ; attempt++) {
      Duration pause;
      try {
        T answer = exchange.send();
        int code = status.applyAsInt(answer);
        if (!retriable(code, headers.apply(answer)) || attempt >= attempts) {
          return answer;
        }
        pause = serverWait(code, headers.apply(answer)).orElse(backoff(attempt));
        if (waited + pause.toMillis() > maxWait.toMillis()) {
          return answer;
        }
      } catch (HttpTimeoutException e) {
        throw e;
      } catch (IOException e) {
        pause = backoff(attempt);
        if (attempt >= attempts || waited + pause.toMillis() > maxWait.toMillis()) {
          throw e;
        }
      }
      waited += pause.toMillis();
      Thread.sleep(pause.toMillis());
    }
  }

  /** Whether an answer may turn out otherwise on another try. */
  public static boolean retriable(int status, HttpHeaders headers) {
    return status == 429 || status >= 500 || (status == 403 && serverWait(status, headers).isPresent());
  }

  /**
   * How long a server asks the client to wait: {@code Retry-After} on 403, 429 and 5xx answers, or
   * until {@code X-RateLimit-Reset} when {@code X-RateLimit-Remaining} is 0.
   */
  public static Optional<Duration> serverWait(int status, HttpHeaders headers) {
    if (status != 403 && status != 429 && status < 500) {
      return Optional.empty();
    }
    Optional<Duration> retryAfter = headers.firstValue("Retry-After").flatMap(RetryAfter::parse);
    if (retryAfter.isPresent()) {
      return retryAfter;
    }
    if ("0".equals(headers.firstValue("X-RateLimit-Remaining").orElse(null))) {
      long reset = headers.firstValueAsLong("X-RateLimit-Reset").orElse(0);
      return Optional.of(Duration.ofSeconds(Math.max(1, reset - System.currentTimeMillis() / 1000)));
    }
    return Optional.empty();
  }

  private static Duration backoff(int attempt) {
    long base = FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 5);
    return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
  }
}
