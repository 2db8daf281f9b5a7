package dev.skiff.storage.gcs;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.SkiffException;
import java.util.function.Consumer;

/** Listing what lies under a location's prefix, page by page as Cloud Storage returns it. */
final class GcsListing {
  private GcsListing() {}

  /** Hands every object under the prefix to {@code each}; the names keep the prefix ({@link BucketLocation#pathOf}). */
  static void forEach(Storage gcs, BucketLocation location, String doing, Consumer<Blob> each) throws SkiffException {
    try {
      gcs.list(location.bucket(), Storage.BlobListOption.prefix(location.keyPrefix())).iterateAll().forEach(each);
    } catch (StorageException e) {
      throw GcsErrors.translate(e, location, location.toString(), doing);
    }
  }
}
