package dev.skiff.internal.plugin;

import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PublisherFactory;
import dev.skiff.spi.ConfigurationException;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.StorageFactory;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The factories of the loaded plugins, chosen by the name or URI scheme a user wrote. */
public final class Plugins {
  private final Map<String, BuilderFactory> builders;
  private final Map<String, StorageFactory> storages;
  private final Map<String, PublisherFactory> publishers;
  private final PluginSet loaded;

  @Inject
  public Plugins(Map<String, BuilderFactory> builders, Map<String, StorageFactory> storages,
      Map<String, PublisherFactory> publishers, PluginSet loaded) {
    this.builders = new TreeMap<>(builders);
    this.storages = new TreeMap<>(storages);
    this.publishers = new TreeMap<>(publishers);
    this.loaded = loaded;
  }

  public Plugins(Map<String, BuilderFactory> builders, Map<String, StorageFactory> storages,
      Map<String, PublisherFactory> publishers) {
    this(builders, storages, publishers, PluginSet.of(List.of()));
  }

  /** A factory in its role, with the jar or folder its plugin came from when known. */
  public PluginRole role(PluginRole.Kind kind, String name) {
    return new PluginRole(kind, name, loaded.location(kind, name));
  }

  /** What loading found besides the plugins: the broken ones, and jars without a plugin. */
  public PluginSet loaded() {
    return loaded;
  }

  public BuilderFactory builder(String name) throws SkiffException {
    return pick(builders, name, "builder");
  }

  public PublisherFactory publisher(String name) throws SkiffException {
    return pick(publishers, name, "publisher");
  }

  public StorageFactory storage(URI uri) throws SkiffException {
    StorageFactory factory = storages.get(uri.getScheme());
    if (factory == null) {
      throw ConfigurationException.of("storage", "storage '" + uri + "': no storage for scheme '" + uri.getScheme()
          + ":'; known schemes: " + String.join(", ", storages.keySet())
          + (uri.getScheme().equals("s3") || uri.getScheme().equals("gs")
              ? " (put the skiff-storage-" + uri.getScheme() + " module on the class path)" : "")
          + loaded.brokenClause());
    }
    return factory;
  }

  public Map<String, BuilderFactory> builders() {
    return builders;
  }

  public Map<String, StorageFactory> storages() {
    return storages;
  }

  public Map<String, PublisherFactory> publishers() {
    return publishers;
  }

  /** The settings every loaded plugin reads. */
  public List<ConfigKey> configKeys() {
    List<ConfigKey> keys = new ArrayList<>();
    builders.values().forEach(f -> keys.addAll(f.configKeys()));
    storages.values().forEach(f -> keys.addAll(f.configKeys()));
    publishers.values().forEach(f -> keys.addAll(f.configKeys()));
    return keys;
  }

  /**
   * The module of Skiff's own plugins, by kind and name: an embedder who put only skiff-core on the
   * class path learns which artifact to add.
   */
  private static final Map<String, String> MODULES = Map.of(
      "builder singularity", "skiff-builders", "builder scratch", "skiff-builders",
      "builder prebuilt", "skiff-builders", "builder remote", "skiff-builders",
      "builder cloudbuild", "skiff-builder-cloudbuild",
      "publisher branch", "skiff-publisher", "publisher direct", "skiff-publisher");

  private <F> F pick(Map<String, F> factories, String name, String kind) throws SkiffException {
    F factory = factories.get(name);
    if (factory == null) {
      String module = MODULES.get(kind + " " + name);
      throw ConfigurationException.of(kind, "unknown " + kind + " '" + name + "'; known " + kind + "s: "
          + (factories.isEmpty() ? "none" : String.join(", ", factories.keySet()))
          + (module != null ? " (put the " + module + " module on the class path)" : "")
          + loaded.brokenClause());
    }
    return factory;
  }
}
