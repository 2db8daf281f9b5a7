package dev.skiff.storage.gcs;

import com.google.cloud.storage.StorageException;
import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.SkiffException;
import java.nio.file.FileAlreadyExistsException;

/** Turns Cloud Storage failures into one line that says which bucket, which object, and what to do. */
final class GcsErrors {
  private GcsErrors() {}

  /**
   * Whether a write failed because the object exists: 412 from the JSON API; Google's in-memory
   * implementation reports the same with a FileAlreadyExistsException.
   */
  static boolean objectExists(StorageException e) {
    if (e.getCode() == 412) {
      return true;
    }
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause instanceof FileAlreadyExistsException) {
        return true;
      }
    }
    return false;
  }

  static SkiffException translate(Exception e, BucketLocation location, String where, String doing) {
    String prefix = "storage " + where + ": ";
    if (e instanceof StorageException storage) {
      int code = storage.getCode();
      String reason = storage.getReason();
      if (code == 404 && ("notFound".equals(reason) || where.equals(location.toString()))) {
        return new SkiffException(prefix + "bucket '" + location.bucket() + "' does not exist; create it, or fix the"
            + " storage URI", e);
      }
      if (code == 401) {
        return new SkiffException(prefix + "the Google credentials were refused; check GOOGLE_APPLICATION_CREDENTIALS"
            + " or the CI's workload identity", e);
      }
      if (code == 403) {
        return new SkiffException(prefix + "permission denied " + doing + "; the credentials need"
            + " storage.objects.create and storage.objects.get on " + location, e);
      }
      if (code == 400 && storage.getMessage() != null && storage.getMessage().toLowerCase().contains("hash")) {
        return new SkiffException(prefix + "the server received bytes whose checksum differs from what was sent;"
            + " nothing was stored, run again", e);
      }
      if (code == 0 || code == -1) {
        return new SkiffException(prefix + doing + " failed: cannot reach Cloud Storage: " + cause(e), e);
      }
      return new SkiffException(prefix + doing + " failed: " + code + (reason != null ? " " + reason : "") + ": "
          + storage.getMessage(), e);
    }
    return new SkiffException(prefix + doing + " failed: " + cause(e), e);
  }

  private static String cause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
