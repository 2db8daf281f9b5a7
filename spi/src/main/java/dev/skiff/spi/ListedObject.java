package dev.skiff.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * An object a storage found under its prefix, for {@code skiff gc}.
 *
 * @param name its path below the storage's prefix, as the store names it
 * @param where where it lives, for messages ({@code s3://bucket/prefix/name})
 * @param size its size in bytes
 * @param modified when it was last written
 * @param kind what Skiff makes of it
 * @param blob the blob it holds, for {@link Kind#BLOB}
 */
public record ListedObject(String name, String where, long size, Instant modified, Kind kind, Optional<BlobKey> blob) {

  /** What an object under a storage's prefix is, as far as Skiff can tell from its name. */
  public enum Kind {
    /** A blob under its content address, {@code OWNER/NAME/HEX.sif}. */
    BLOB,
    /** What a write that never finished left behind (a killed run's partial file). */
    UNFINISHED,
    /** Anything else: not Skiff's, and never deleted by it. */
    OTHER
  }

  /** An object named by its path below the prefix: a blob when the path is a blob's key, else {@code other}. */
  public static ListedObject of(String name, String where, long size, Instant modified, Kind other) {
    Optional<BlobKey> blob = BlobKey.parse(name);
    return new ListedObject(name, where, size, modified, blob.isPresent() ? Kind.BLOB : other, blob);
  }
}
