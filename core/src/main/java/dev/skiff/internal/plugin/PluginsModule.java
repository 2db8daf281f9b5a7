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
  private final List<SkiffPlugin> plugins;

  public PluginsModule(List<SkiffPlugin> plugins) {
    this.plugins = List.copyOf(plugins);
  }

  @Override
  protected void configure() {
    MapBinder<String, BuilderFactory> builders = MapBinder.newMapBinder(binder(), String.class, BuilderFactory.class);
    MapBinder<String, StorageFactory> storages = MapBinder.newMapBinder(binder(), String.class, StorageFactory.class);
    MapBinder<String, PublisherFactory> publishers =
        MapBinder.newMapBinder(binder(), String.class, PublisherFactory.class);
    for (SkiffPlugin plugin : plugins) {
      plugin.builders().forEach(f -> builders.addBinding(f.name()).toInstance(f));
      plugin.storages().forEach(f -> storages.addBinding(f.scheme()).toInstance(f));
      plugin.publishers().forEach(f -> publishers.addBinding(f.name()).toInstance(f));
    }
  }
}
