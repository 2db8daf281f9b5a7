package dev.skiff;

import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PublisherFactory;
import dev.skiff.spi.StorageFactory;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an installation of Skiff knows: every setting it reads, and the builders, storages and
 * publishers found on its class path, each by the name (or URI scheme) a user writes, in name order.
 */
public record PluginCatalog(
    List<ConfigKey> settings,
    Map<String, BuilderFactory> builders,
    Map<String, StorageFactory> storages,
    Map<String, PublisherFactory> publishers) {

  /** Copies the lists and sorts the maps by name. */
  public PluginCatalog {
    settings = List.copyOf(settings);
    builders = Collections.unmodifiableSortedMap(new TreeMap<>(builders));
    storages = Collections.unmodifiableSortedMap(new TreeMap<>(storages));
    publishers = Collections.unmodifiableSortedMap(new TreeMap<>(publishers));
  }
}
