package dev.skiff.storage.s3;

import dev.skiff.spi.BlobKey;
import dev.skiff.spi.SkiffException;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where blobs go: {@code s3://bucket/prefix}.
 *
 * @param bucket the bucket's name
 * @param prefix the key prefix, without leading or trailing slashes; empty for the bucket's root
 */
record S3Location(String bucket, String prefix) {
  // S3's rules for bucket names: 3 to 63 lowercase letters, digits, dots and hyphens.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  static S3Location parse(URI uri) throws SkiffException {
    String bucket = uri.getAuthority();
    if (uri.isOpaque() || bucket == null || bucket.isEmpty()) {
      throw new SkiffException("storage '" + uri + "': expected s3://BUCKET/PREFIX");
    }
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new SkiffException("storage '" + uri + "': '" + bucket + "' is not a valid bucket name (3 to 63"
          + " lowercase letters, digits, dots and hyphens)");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new SkiffException("storage '" + uri + "': an s3:// URI has no query or fragment; put options in"
          + " settings such as storage.s3.region");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    return new S3Location(bucket, path.replaceAll("^/+|/+$", ""));
  }

  /** The object key of a blob. */
  String key(BlobKey blob) {
    return prefix.isEmpty() ? blob.path() : prefix + "/" + blob.path();
  }

  String describe(BlobKey blob) {
    return "s3://" + bucket + "/" + key(blob);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }
}
