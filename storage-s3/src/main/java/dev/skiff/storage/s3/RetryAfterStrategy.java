package dev.skiff.storage.s3;

import dev.skiff.support.RetryAfter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The SDK's retry strategy, waiting before a retry at least as long as the server's
 * {@code Retry-After} asks (seconds or an HTTP date, capped). The SDK itself reads only AWS's own
 * {@code x-amz-retry-after}; S3-compatible stores and proxies answer 429 and 503 with the standard
 * header. The wait goes in as the strategy's "suggested delay", which it honours beside its own
 * backoff, so attempts, backoff and jitter stay the SDK's.
 */
final class RetryAfterStrategy implements RetryStrategy {
  private final RetryStrategy delegate;
  private final Duration max;

  RetryAfterStrategy(RetryStrategy delegate, Duration max) {
    this.delegate = delegate;
    this.max = max;
  }

  @Override
  public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
    return delegate.acquireInitialToken(request);
  }

  @Override
  public CompletableFuture<AcquireInitialTokenResponse> acquireInitialTokenAsync(AcquireInitialTokenRequest request) {
    return delegate.acquireInitialTokenAsync(request);
  }

  @Override
  public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
    return delegate.refreshRetryToken(withRetryAfter(request));
  }

  @Override
  public CompletableFuture<RefreshRetryTokenResponse> refreshRetryTokenAsync(RefreshRetryTokenRequest request) {
    return delegate.refreshRetryTokenAsync(withRetryAfter(request));
  }

  @Override
  public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
    return delegate.recordSuccess(request);
  }

  @Override
  public int maxAttempts() {
    return delegate.maxAttempts();
  }

  @Override
  public boolean useClientDefaults() {
    return false;
  }

  @Override
  public Builder<?, ?> toBuilder() {
    // A rebuilt strategy would lose the wrapper; the SDK rebuilds only strategies that ask for
    // client defaults, which this one does not.
    return delegate.toBuilder();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private RefreshRetryTokenRequest withRetryAfter(RefreshRetryTokenRequest request) {
    Optional<Duration> asked = retryAfter(request.failure(), max);
    if (asked.isEmpty() || request.suggestedDelay().filter(d -> d.compareTo(asked.get()) >= 0).isPresent()) {
      return request;
    }
    return request.toBuilder().suggestedDelay(asked.get()).build();
  }

  /** The Retry-After of the failed response, if the failure carries one. */
  static Optional<Duration> retryAfter(Throwable failure, Duration max) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException service && service.awsErrorDetails() != null
          && service.awsErrorDetails().sdkHttpResponse() != null) {
        return service.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After")
            .flatMap(value -> RetryAfter.parse(value, max));
      }
    }
    return Optional.empty();
  }
}
