package dev.skiff.internal.plugin;

import dev.skiff.internal.storage.local.LocalStorageFactory;
import dev.skiff.spi.SkiffPlugin;
import dev.skiff.spi.StorageFactory;
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
