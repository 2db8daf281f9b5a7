package dev.skiff.spi;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where an object store keeps blobs: {@code scheme://bucket/prefix}, as S3 and Cloud Storage
 * URIs write it.
 *
 * @param scheme the URI scheme ({@code s3}, {@code gs})
 * @param bucket the bucket's name
 * @param prefix the key prefix, without leading or trailing slashes; empty for the bucket's root
 */
public record BucketLocation(String scheme, String bucket, String prefix) {

  /**
   * @param bucketRule the store's rule for bucket names
   * @param bucketRuleText the rule in words, for the message when a name breaks it
   */
  public static BucketLocation parse(URI uri, Pattern bucketRule, String bucketRuleText) throws SkiffException {
    String scheme = uri.getScheme();
    String bucket = uri.getAuthority();
    if (uri.isOpaque() || bucket == null || bucket.isEmpty()) {
      throw new SkiffException("storage '" + uri + "': expected " + scheme + "://BUCKET/PREFIX");
    }
    if (!bucketRule.matcher(bucket).matches()) {
      throw new SkiffException("storage '" + uri + "': '" + bucket + "' is not a valid bucket name (" + bucketRuleText
          + ")");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new SkiffException("storage '" + uri + "': a " + scheme + ":// URI has no query or fragment; put options"
          + " in settings such as storage." + scheme + ".timeout");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    return new BucketLocation(scheme, bucket, path.replaceAll("^/+|/+$", ""));
  }

  /** The object key (or name) of a blob. */
  public String key(BlobKey blob) {
    return prefix.isEmpty() ? blob.path() : prefix + "/" + blob.path();
  }

  /** A blob's URI, for messages: {@code s3://bucket/prefix/owner/name/hex.sif}. */
  public String describe(BlobKey blob) {
    return scheme + "://" + bucket + "/" + key(blob);
  }

  @Override
  public String toString() {
    return scheme + "://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }
}
