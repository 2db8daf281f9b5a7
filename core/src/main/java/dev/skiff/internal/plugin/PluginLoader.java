package dev.skiff.internal.plugin;

import dev.skiff.spi.PluginException;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.SkiffPlugin;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the plugins on a class path and in a plugin folder through {@link ServiceLoader}. A plugin
 * that cannot be loaded (its class is missing, its constructor throws) is set aside with the
 * reason, so that it fails only the commands that need it; two plugins that claim one name are
 * refused, naming both and where each came from.
 */
public final class PluginLoader {
  private PluginLoader() {}

  /** Every {@link SkiffPlugin} the class loader sees. */
  public static PluginSet load(ClassLoader classLoader) throws SkiffException {
    return load(classLoader, List.of());
  }

  /**
   * Loads the plugins the class loader sees and, each from its own loader, those of a plugin
   * folder ({@link PluginFolder}); the same names may not be claimed twice across them.
   */
  public static PluginSet load(ClassLoader classLoader, List<PluginFolder.Entry> folder) throws SkiffException {
    List<SkiffPlugin> plugins = new ArrayList<>();
    Map<SkiffPlugin, String> locations = new IdentityHashMap<>();
    List<PluginSet.Broken> broken = new ArrayList<>();
    List<Path> withoutPlugin = new ArrayList<>();
    loadFrom(ServiceLoader.load(SkiffPlugin.class, classLoader), null, "the class path", plugins, locations, broken);
    for (PluginFolder.Entry entry : folder) {
      int before = plugins.size() + broken.size();
      loadFrom(ServiceLoader.load(SkiffPlugin.class, entry.loader()), entry.loader(), entry.path().toString(),
          plugins, locations, broken);
      if (plugins.size() + broken.size() == before) {
        withoutPlugin.add(entry.path());
      }
    }
    for (PluginRole.Kind kind : PluginRole.Kind.values()) {
      checkUnique(plugins, locations, kind);
    }
    return new PluginSet(plugins, locations, broken, withoutPlugin);
  }

  /**
   * The plugins of one loader. {@code own}, when given, limits them to classes that loader defines:
   * a folder plugin's loader also sees the SPI's, whose service file is not the plugin's.
   */
  private static void loadFrom(ServiceLoader<SkiffPlugin> services, ClassLoader own, String where,
      List<SkiffPlugin> plugins, Map<SkiffPlugin, String> locations, List<PluginSet.Broken> broken) {
    Iterator<ServiceLoader.Provider<SkiffPlugin>> providers = services.stream().iterator();
    while (true) {
      ServiceLoader.Provider<SkiffPlugin> provider;
      try {
        if (!providers.hasNext()) {
          return;
        }
        provider = providers.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        // A service file names a class that is missing or cannot link: the plugin, not the run, is broken.
        broken.add(new PluginSet.Broken(where, reason(e), e));
        continue;
      }
      if (own != null && provider.type().getClassLoader() != own) {
        continue;
      }
      String location = own != null ? where : codeSource(provider.type()).orElse(where);
      try {
        SkiffPlugin plugin = provider.get();
        // Its factories are read now, so that a plugin that throws there is found here, named.
        plugin.name();
        plugin.builders();
        plugin.storages();
        plugin.publishers();
        plugins.add(plugin);
        locations.put(plugin, location);
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        broken.add(new PluginSet.Broken(location, provider.type().getName() + ": " + reason(e), e));
      }
    }
  }

  /** The jar or folder a class was loaded from. */
  private static Optional<String> codeSource(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(source.getLocation().toURI()).toString());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.of(source.getLocation().toString());
    }
  }

  /** The root cause in one line: a constructor's exception is wrapped by ServiceLoader. */
  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message != null ? ": " + message.lines().findFirst().orElse("") : "")
        + (root instanceof NoClassDefFoundError || root instanceof ClassNotFoundException
            ? " (plugins see only the JDK, skiff-spi and their own jars)" : "");
  }

  private static void checkUnique(List<SkiffPlugin> plugins, Map<SkiffPlugin, String> locations, PluginRole.Kind kind)
      throws SkiffException {
    Map<String, SkiffPlugin> owners = new HashMap<>();
    for (SkiffPlugin plugin : plugins) {
      for (String name : kind.namesIn(plugin)) {
        SkiffPlugin other = owners.putIfAbsent(name, plugin);
        if (other != null) {
          throw new PluginException(locations.get(plugin), kind.noun() + " '" + name + "' is provided twice: by "
              + describe(other, locations) + " and by " + describe(plugin, locations) + "; remove one of them", null);
        }
      }
    }
  }

  private static String describe(SkiffPlugin plugin, Map<SkiffPlugin, String> locations) {
    return "plugin '" + plugin.name() + "' (" + plugin.getClass().getName() + ") in " + locations.get(plugin);
  }
}
