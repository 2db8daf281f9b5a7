package dev.skiff.storage.s3;

import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.SkiffException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
}
