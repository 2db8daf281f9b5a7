package dev.skiff.internal.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.PublisherFactory;
import dev.skiff.spi.SkiffPlugin;
import dev.skiff.spi.StorageFactory;
import java.util.List;

/** Binds the factories of loaded plugins: builders and publishers by name, storages by URI scheme. */
public final class PluginsModule extends AbstractModule {
  private final PluginSet loaded;

  public PluginsModule(PluginSet loaded) {
    this.loaded = loaded;
  }

  public PluginsModule(List<SkiffPlugin> plugins) {
    this(PluginSet.of(plugins));
  }

  @Override
  protected void configure() {
    MapBinder<String, BuilderFactory> builders = MapBinder.newMapBinder(binder(), String.class, BuilderFactory.class);
    MapBinder<String, StorageFactory> storages = MapBinder.newMapBinder(binder(), String.class, StorageFactory.class);
    MapBinder<String, PublisherFactory> publishers =
        MapBinder.newMapBinder(binder(), String.class, PublisherFactory.class);
    bind(PluginSet.class).toInstance(loaded);
    for (SkiffPlugin plugin : loaded.plugins()) {
      plugin.builders().forEach(f -> builders.addBinding(f.name()).toInstance(f));
      plugin.storages().forEach(f -> storages.addBinding(f.scheme()).toInstance(f));
      plugin.publishers().forEach(f -> publishers.addBinding(f.name()).toInstance(f));
    }
  }
}
