package dev.skiff.storage.gcs;

import com.google.api.client.http.HttpResponseException;
import com.google.api.gax.retrying.ResultRetryAlgorithm;
import com.google.api.gax.retrying.TimedAttemptSettings;
import com.google.cloud.storage.StorageRetryStrategy;
import dev.skiff.support.RetryAfter;
import java.time.Duration;
import java.util.Optional;

/**
 * Cloud Storage's own retry rules (which errors, which calls), and before a retry a wait as long
 * as a 429 or 503's {@code Retry-After} asks, capped. The client's retry loop consults only
 * {@link ResultRetryAlgorithm#shouldRetry} and then waits its own backoff, so the server's wait
 * happens there, on the thread whose call failed (Skiff's storage calls are synchronous); an
 * interrupt during it ends the retries. The attempt limit and the total deadline stay the client's.
 */
final class RetryAfterRetryStrategy implements StorageRetryStrategy {
  private static final long serialVersionUID = 1L;

  private final StorageRetryStrategy rules = StorageRetryStrategy.getDefaultStorageRetryStrategy();
  private final Duration max;

  RetryAfterRetryStrategy(Duration max) {
    this.max = max;
  }

  @Override
  public ResultRetryAlgorithm<?> getIdempotentHandler() {
    return new Handler<>(rules.getIdempotentHandler(), max);
  }

  @Override
  public ResultRetryAlgorithm<?> getNonidempotentHandler() {
    return new Handler<>(rules.getNonidempotentHandler(), max);
  }

  private record Handler<T>(ResultRetryAlgorithm<T> rules, Duration max) implements ResultRetryAlgorithm<T> {
    @Override
    public TimedAttemptSettings createNextAttempt(Throwable failure, T response, TimedAttemptSettings previous) {
      return rules.createNextAttempt(failure, response, previous);
    }

    @Override
    public boolean shouldRetry(Throwable failure, T response) {
      if (!rules.shouldRetry(failure, response)) {
        return false;
      }
      Optional<Duration> asked = retryAfter(failure, max);
      if (asked.isPresent()) {
        try {
          Thread.sleep(asked.get().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** The Retry-After of the failed request, if the failure carries its answer. */
  static Optional<Duration> retryAfter(Throwable failure, Duration max) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpResponseException http && http.getHeaders() != null) {
        return Optional.ofNullable(http.getHeaders().getFirstHeaderStringValue("Retry-After"))
            .flatMap(value -> RetryAfter.parse(value, max));
      }
    }
    return Optional.empty();
  }
}
