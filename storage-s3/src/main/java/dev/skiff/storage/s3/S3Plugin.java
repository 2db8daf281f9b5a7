package dev.skiff.storage.s3;

import dev.skiff.spi.SkiffPlugin;
import dev.skiff.spi.StorageFactory;
import java.util.List;

/** Contributes the {@code s3:} storage. */
public final class S3Plugin implements SkiffPlugin {
  @Override
  public String name() {
    return "storage-s3";
  }

  @Override
  public List<StorageFactory> storages() {
    return List.of(new S3StorageFactory());
  }
}
