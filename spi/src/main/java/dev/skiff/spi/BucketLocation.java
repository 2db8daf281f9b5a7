package dev.skiff.spi;

import java.net.URI;

/**
 * Where an object store keeps blobs: {@code scheme://bucket/prefix}, as S3 and Cloud Storage
 * URIs write it.
 *
 * @param scheme the URI scheme ({@code s3}, {@code gs})
 * @param bucket the bucket's name
 * @param prefix the key prefix, without leading or trailing slashes; empty for the bucket's root
 */
public record BucketLocation(String scheme, String bucket, String prefix) {

  /** Parses {@code scheme://bucket/prefix}, checking the bucket's name against the store's rule. */
  public static BucketLocation parse(URI uri, BucketNaming naming) throws SkiffException {
    String scheme = uri.getScheme();
    String bucket = uri.getAuthority();
    if (uri.isOpaque() || bucket == null || bucket.isEmpty()) {
      throw new SkiffException("storage '" + uri + "': expected " + scheme + "://BUCKET/PREFIX");
    }
    if (!naming.allows(bucket)) {
      throw new SkiffException("storage '" + uri + "': '" + bucket + "' is not a valid bucket name ("
          + naming.description() + ")");
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
    return key(blob.path());
  }

  /** The object key of a path below the prefix. */
  public String key(String path) {
    return keyPrefix() + path;
  }

  /** What every key under the location starts with: the prefix and its slash, or nothing. */
  public String keyPrefix() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  /** The path below the prefix of a key a listing of the location returned: {@link #key(String)} undone. */
  public String pathOf(String key) {
    if (!key.startsWith(keyPrefix())) {
      throw new IllegalArgumentException("key '" + key + "' is not under " + this);
    }
    return key.substring(keyPrefix().length());
  }

  /** A blob's URI, for messages: {@code s3://bucket/prefix/owner/name/hex.sif}. */
  public String describe(BlobKey blob) {
    return describe(blob.path());
  }

  /** The URI of a path below the prefix: {@code scheme://bucket/prefix/path}. */
  public String describe(String path) {
    return scheme + "://" + bucket + "/" + key(path);
  }

  @Override
  public String toString() {
    return scheme + "://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }
}
