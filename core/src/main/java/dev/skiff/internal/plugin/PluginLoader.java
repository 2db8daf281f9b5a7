package dev.skiff.internal.plugin;

import dev.skiff.spi.SkiffException;
import dev.skiff.spi.SkiffPlugin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/** Finds the plugins on a class path through {@link ServiceLoader}. */
public final class PluginLoader {
  private PluginLoader() {}

  /**
   * Loads every {@link SkiffPlugin} the class loader sees, and refuses two plugins that claim the
   * same builder, publisher or storage scheme, naming both.
   */
  public static List<SkiffPlugin> load(ClassLoader classLoader) throws SkiffException {
    List<SkiffPlugin> plugins = new ArrayList<>();
    try {
      ServiceLoader.load(SkiffPlugin.class, classLoader).forEach(plugins::add);
    } catch (ServiceConfigurationError e) {
      throw new SkiffException("a plugin on the class path cannot be loaded: " + e.getMessage(), e);
    }
    checkUnique(plugins, "builder", p -> p.builders().stream().map(f -> f.name()).toList());
    checkUnique(plugins, "publisher", p -> p.publishers().stream().map(f -> f.name()).toList());
    checkUnique(plugins, "storage scheme", p -> p.storages().stream().map(f -> f.scheme()).toList());
    return List.copyOf(plugins);
  }

  private static void checkUnique(List<SkiffPlugin> plugins, String kind, Function<SkiffPlugin, List<String>> names)
      throws SkiffException {
    Map<String, SkiffPlugin> owners = new HashMap<>();
    for (SkiffPlugin plugin : plugins) {
      for (String name : names.apply(plugin)) {
        SkiffPlugin other = owners.putIfAbsent(name, plugin);
        if (other != null) {
          throw new SkiffException("plugins '" + other.name() + "' (" + other.getClass().getName() + ") and '"
              + plugin.name() + "' (" + plugin.getClass().getName() + ") both provide " + kind + " '" + name
              + "'; remove one from the class path");
        }
      }
    }
  }
}
