package dev.skiff.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Content-addressed blob storage. An implementation never leaves a partial or corrupt object
 * under a final key, never replaces an existing object, and checks that the bytes it stored have
 * the key's digest before reporting success.
 */
public interface Storage extends AutoCloseable {

  /** The blob under {@code key}, if there is one. */
  Optional<StoredBlob> stat(BlobKey key) throws SkiffException, IOException, InterruptedException;

  /** Stores a file under its key; does nothing (and says so) when the key is already present. */
  PutResult put(PutRequest request) throws SkiffException, IOException, InterruptedException;

  /**
   * Reads a blob from {@code offset} on with the store's own access and credentials: how
   * {@code skiff pull} reads a private bucket. Stores that cannot keep this default, which says so.
   *
   * @throws SkiffException when there is no such blob, or the store cannot be read
   */
  default InputStream read(BlobKey key, long offset) throws SkiffException, IOException, InterruptedException {
    throw new SkiffException("storage " + describe(key) + ": this storage cannot be read");
  }

  /**
   * Hands every object under the storage's prefix to {@code each}, in no particular order, page by
   * page as the store lists them: how {@code skiff gc} finds what it may sweep. Stores that cannot
   * keep this default, which says so.
   */
  default void list(Consumer<ListedObject> each) throws SkiffException, IOException, InterruptedException {
    throw new SkiffException("storage " + this + ": this storage cannot list its objects, so skiff gc cannot sweep it");
  }

  /**
   * Deletes an object {@link #list} reported; one that is gone already is no error. Only
   * {@code skiff gc} calls this, for blobs no registry page refers to.
   */
  default void delete(ListedObject object) throws SkiffException, IOException, InterruptedException {
    throw new SkiffException("storage " + object.where() + ": this storage cannot delete objects");
  }

  /** The URL consumers download the blob from. */
  URI publicUrl(BlobKey key);

  /** Where a blob lives, for messages ({@code s3://bucket/prefix/key}). */
  String describe(BlobKey key);

  @Override
  default void close() throws IOException {}
}
