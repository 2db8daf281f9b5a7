package dev.skiff.internal.config;

import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.support.UrlCredentials;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The merged settings of a run: each key's value and where it came from. Immutable; read once
 * from {@code skiff.yml}, the environment and flags by {@link ConfigLoader}.
 */
public final class Settings implements PluginConfig {

  /** One value and its origin; {@code baseDir} resolves relative paths in it. */
  public record Value(String value, String origin, Path baseDir) {}

  private final Map<String, Value> values;
  private final Map<String, ConfigKey> known;
  private final Path workingDir;
  private final SettingSources sources;

  Settings(Map<String, Value> values, Map<String, ConfigKey> known, Path workingDir, SettingSources sources) {
    this.values = Map.copyOf(values);
    this.known = Map.copyOf(known);
    this.workingDir = workingDir;
    this.sources = sources;
  }

  /** How to set a key, in the words of the caller that gave these settings (flags or code). */
  public String howToSet(String key, String example) {
    return sources.howToSet(known.get(key), example);
  }

  @Override
  public Optional<String> get(String key) {
    Value value = values.get(key);
    if (value != null) {
      return Optional.of(value.value());
    }
    ConfigKey declared = known.get(key);
    return declared == null ? Optional.empty() : declared.defaultValue();
  }

  @Override
  public String origin(String key) {
    Value value = values.get(key);
    return value != null ? value.origin() : "default";
  }

  @Override
  public Path baseDir(String key) {
    Value value = values.get(key);
    return value != null ? value.baseDir() : workingDir;
  }

  @Override
  public Optional<Path> path(String key) {
    return get(key).map(v -> baseDir(key).resolve(v).toAbsolutePath().normalize());
  }

  /** Every set or defaulted key with its value, secrets masked: for {@code --verbose} and reports. */
  public Map<String, String> describe() {
    Map<String, String> shown = new TreeMap<>();
    known.keySet().forEach(k -> get(k).ifPresent(v -> shown.put(k, show(k, v))));
    values.forEach((k, v) -> shown.put(k, show(k, v.value()) + " (" + v.origin() + ")"));
    return shown;
  }

  private String show(String key, String value) {
    ConfigKey declared = known.get(key);
    // A token in a URL (https://user:TOKEN@host/...) is as secret as a secret setting.
    return declared != null && declared.secret() ? "****" : UrlCredentials.strip(value);
  }
}
