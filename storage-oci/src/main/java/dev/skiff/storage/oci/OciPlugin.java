package dev.skiff.storage.oci;

import dev.skiff.spi.SkiffPlugin;
import dev.skiff.spi.StorageFactory;
import java.util.List;

/** Contributes the {@code oci:} storage. */
public final class OciPlugin implements SkiffPlugin {
  @Override
  public String name() {
    return "storage-oci";
  }

  @Override
  public List<StorageFactory> storages() {
    return List.of(new OciStorageFactory());
  }
}
