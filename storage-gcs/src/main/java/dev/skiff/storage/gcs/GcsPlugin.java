package dev.skiff.storage.gcs;

import dev.skiff.spi.SkiffPlugin;
import dev.skiff.spi.StorageFactory;
import java.util.List;

/** Contributes the {@code gs:} storage. */
public final class GcsPlugin implements SkiffPlugin {
  @Override
  public String name() {
    return "storage-gcs";
  }

  @Override
  public List<StorageFactory> storages() {
    return List.of(new GcsStorageFactory());
  }
}
