package dev.skiff.storage.gcs;

import dev.skiff.spi.BlobKey;
import dev.skiff.spi.SkiffException;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where blobs go: {@code gs://bucket/prefix}.
 *
 * @param bucket the bucket's name
 * @param prefix the object name prefix, without leading or trailing slashes; empty for the root
 */
record GcsLocation(String bucket, String prefix) {
  // Cloud Storage's rules for bucket names (without dots: 3 to 63 characters).
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

  static GcsLocation parse(URI uri) throws SkiffException {
    String bucket = uri.getAuthority();
    if (uri.isOpaque() || bucket == null || bucket.isEmpty()) {
      throw new SkiffException("storage '" + uri + "': expected gs://BUCKET/PREFIX");
    }
    if (!BUCKET.matcher(bucket).matches() || bucket.startsWith("goog")) {
      throw new SkiffException("storage '" + uri + "': '" + bucket + "' is not a valid bucket name (lowercase letters,"
          + " digits, dots, dashes and underscores)");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new SkiffException("storage '" + uri + "': a gs:// URI has no query or fragment; put options in settings"
          + " such as storage.gcs.chunk-size");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    return new GcsLocation(bucket, path.replaceAll("^/+|/+$", ""));
  }

  String name(BlobKey blob) {
    return prefix.isEmpty() ? blob.path() : prefix + "/" + blob.path();
  }

  String describe(BlobKey blob) {
    return "gs://" + bucket + "/" + name(blob);
  }

  @Override
  public String toString() {
    return "gs://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }
}
