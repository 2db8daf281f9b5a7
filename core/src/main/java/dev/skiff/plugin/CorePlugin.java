package dev.skiff.plugin;

import dev.skiff.spi.SkiffPlugin;
import dev.skiff.spi.StorageFactory;
import dev.skiff.storage.local.LocalStorageFactory;
import java.util.List;

/** What core contributes itself: the local-folder storage. */
public final class CorePlugin implements SkiffPlugin {
  @Override
  public String name() {
    return "core";
  }

  @Override
  public List<StorageFactory> storages() {
    return List.of(new LocalStorageFactory());
  }
}
