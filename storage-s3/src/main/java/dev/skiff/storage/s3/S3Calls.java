package dev.skiff.storage.s3;

import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.SkiffException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Waiting for the asynchronous client: within the operation's deadline, its failure said in one line. */
final class S3Calls {
  private S3Calls() {}

  static <T> T await(CompletableFuture<T> future, S3Settings settings, BucketLocation location, String where,
      String doing) throws SkiffException, InterruptedException {
    try {
      return future.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new SkiffException("storage " + where + ": " + doing + " did not finish within "
          + settings.timeout() + " (storage.s3.timeout)", e);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw S3Errors.translate(e, location, where, doing);
    }
  }

  /** Hands every object under the location's prefix to {@code each}, one listing page at a time. */
  static void listObjects(S3AsyncClient client, S3Settings settings, BucketLocation location, String doing,
      Consumer<S3Object> each) throws SkiffException, InterruptedException {
    String prefix = location.keyPrefix();
    String token = null;
    do {
      String continuation = token;
      ListObjectsV2Response page = await(client.listObjectsV2(r -> r.bucket(location.bucket()).prefix(prefix)
          .continuationToken(continuation)), settings, location, location.toString(), doing);
      page.contents().forEach(each);
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
  }
}
