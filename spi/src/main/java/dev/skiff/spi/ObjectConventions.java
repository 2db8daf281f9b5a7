package dev.skiff.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How object stores hold Skiff's blobs, the same in every store: the content type, caching, the
 * metadata that records where an image came from, and the check of an object found under a key.
 */
public final class ObjectConventions {
  /** The content type every stored image has, which {@code skiff verify} checks. */
  public static final String CONTENT_TYPE = "application/octet-stream";
  /** Content-addressed blobs never change: caches may keep them for good. */
  public static final String CACHE_CONTROL = "public, max-age=31536000, immutable";
  /** The metadata entry that records the image's sha256 (hex). */
  public static final String DIGEST_METADATA = "skiff-sha256";

  private ObjectConventions() {}

  /** The object metadata of a put: {@code skiff-<name>} for each provenance entry, and the digest. */
  public static Map<String, String> metadata(PutRequest request) {
    Map<String, String> metadata = new LinkedHashMap<>();
    request.metadata().forEach((name, value) -> metadata.put("skiff-" + name, value));
    metadata.put(DIGEST_METADATA, request.key().digest().hex());
    return metadata;
  }

  /**
   * Checks an object found under a blob's key against the image: same size, and (where the store
   * kept Skiff's metadata) the same digest. A mismatch is never repaired silently.
   *
   * @param where the object as messages name it ({@code s3://bucket/key})
   * @param storedSize the object's size, or null when the store did not say
   * @param recordedDigest the object's {@link #DIGEST_METADATA}, or null
   */
  public static StoredBlob check(BlobKey key, String where, Long storedSize, long size, String recordedDigest)
      throws SkiffException {
    if (storedSize == null || storedSize != size) {
      throw new SkiffException("storage " + where + " holds " + storedSize + " bytes where the image has " + size
          + "; the object is damaged or not Skiff's, remove it by hand");
    }
    if (recordedDigest != null && !recordedDigest.equals(key.digest().hex())) {
      throw new SkiffException("storage " + where + " records sha256 " + recordedDigest + ", not " + key.digest().hex());
    }
    return new StoredBlob(key, size);
  }
}
