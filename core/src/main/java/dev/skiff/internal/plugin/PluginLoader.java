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
    return load(classLoader, List.of());
  }

  /**
   * Loads the plugins the class loader sees and, each from its own loader, those of a plugin
   * folder ({@link PluginFolder}); the same names may not be claimed twice across them.
   */
  public static List<SkiffPlugin> load(ClassLoader classLoader, List<ClassLoader> isolated) throws SkiffException {
    List<SkiffPlugin> plugins = new ArrayList<>();
    try {
      ServiceLoader.load(SkiffPlugin.class, classLoader).forEach(plugins::add);
    } catch (ServiceConfigurationError e) {
      throw new SkiffException("a plugin on the class path cannot be loaded: " + e.getMessage(), e);
    }
    for (ClassLoader plugin : isolated) {
      try {
        // Only the plugin's own jars: its loader's parent sees the SPI, whose service file is not there.
        ServiceLoader.load(SkiffPlugin.class, plugin).stream().filter(p -> p.type().getClassLoader() == plugin)
            .forEach(p -> plugins.add(p.get()));
      } catch (ServiceConfigurationError | LinkageError e) {
        throw new SkiffException(plugin.getName() + ": the plugin cannot be loaded (it may use classes beside"
            + " skiff-spi, which plugins do not see): " + e.getMessage(), e);
      }
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
