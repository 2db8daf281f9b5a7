package dev.skiff.internal.plugin;

import dev.skiff.spi.SkiffPlugin;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What loading the plugins found: the plugins that work, each with where it came from, those that
 * could not be loaded, and jars of the plugin folder that hold no plugin. A broken plugin fails
 * only the commands that need it; the rest are told about it.
 *
 * @param plugins the loaded plugins, in the order found
 * @param locations where each plugin came from: a jar, a folder of jars, or a class path entry
 * @param broken the plugins that could not be loaded
 * @param withoutPlugin entries of the plugin folder that hold no plugin
 */
public record PluginSet(List<SkiffPlugin> plugins, Map<SkiffPlugin, String> locations, List<Broken> broken,
    List<Path> withoutPlugin) {

  /** A plugin that could not be loaded: where it is, and the one-line reason. */
  public record Broken(String location, String reason, Throwable cause) {}

  public PluginSet {
    plugins = List.copyOf(plugins);
    locations = Map.copyOf(locations);
    broken = List.copyOf(broken);
    withoutPlugin = List.copyOf(withoutPlugin);
  }

  /** Plugins whose places are not known, as tests and embedders construct them. */
  public static PluginSet of(List<SkiffPlugin> plugins) {
    return new PluginSet(plugins, Map.of(), List.of(), List.of());
  }

  /** Where a plugin came from, when known. */
  public Optional<String> location(SkiffPlugin plugin) {
    return Optional.ofNullable(locations.get(plugin));
  }

  /** Where the plugin that provides a builder, storage scheme or publisher came from, when known. */
  public Optional<String> location(PluginRole.Kind kind, String name) {
    for (SkiffPlugin plugin : plugins) {
      if (kind.namesIn(plugin).contains(name)) {
        return location(plugin);
      }
    }
    return Optional.empty();
  }

  /** The plugins that could not be loaded, as a clause for a message that may be their fault; empty when none. */
  public String brokenClause() {
    if (broken.isEmpty()) {
      return "";
    }
    StringBuilder clause = new StringBuilder("; ");
    for (int i = 0; i < broken.size(); i++) {
      Broken plugin = broken.get(i);
      clause.append(i == 0 ? "" : "; ").append("the plugin in ").append(plugin.location())
          .append(" could not be loaded (").append(plugin.reason()).append(")");
    }
    return clause.append(broken.size() == 1 ? " and may be the one that provides it"
        : " and may be the ones that provide it").toString();
  }
}
