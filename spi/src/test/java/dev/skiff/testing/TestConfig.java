package dev.skiff.testing;

import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings for a plugin under test, resolved as a run resolves flags: a value given here, else the
 * key's {@code SKIFF_*} environment variable, else its declared default. Relative paths resolve
 * against one folder. The engine's own reading of {@code skiff.yml} is tested in core.
 */
public final class TestConfig implements PluginConfig {
  private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
  private final Map<String, String> values;
  private final Map<String, String> environment;
  private final Path baseDir;

  /**
   * @param keys the keys the plugin declares
   * @param values settings as flags would give them
   * @param environment where {@code SKIFF_*} variables are looked up
   * @param baseDir where relative paths start
   */
  public TestConfig(List<ConfigKey> keys, Map<String, String> values, Map<String, String> environment, Path baseDir) {
    keys.forEach(key -> this.keys.put(key.name(), key));
    this.values = Map.copyOf(values);
    this.environment = Map.copyOf(environment);
    this.baseDir = baseDir;
  }

  @Override
  public Optional<String> get(String key) {
    if (values.containsKey(key)) {
      return Optional.of(values.get(key));
    }
    ConfigKey declared = keys.get(key);
    if (declared == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(environment.get(declared.environmentVariable())).or(declared::defaultValue);
  }

  @Override
  public String origin(String key) {
    if (values.containsKey(key)) {
      return "--" + key;
    }
    ConfigKey declared = keys.get(key);
    return declared != null && environment.containsKey(declared.environmentVariable())
        ? declared.environmentVariable() : "default";
  }

  @Override
  public Optional<Path> path(String key) {
    return get(key).map(value -> baseDir.resolve(value).toAbsolutePath().normalize());
  }

  @Override
  public Path baseDir(String key) {
    return baseDir;
  }
}
