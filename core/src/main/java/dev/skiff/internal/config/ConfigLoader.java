package dev.skiff.internal.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.ConfigurationException;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.IoMessages;
import dev.skiff.support.ParserMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a run's settings once: {@code skiff.yml} in the source repository, then {@code SKIFF_*}
 * environment variables, then flags, each overriding the one before. Nested YAML mappings and
 * dotted keys are the same thing ({@code builder.singularity.mode}). Unknown keys are refused, so
 * that a typo is not silently ignored; secret keys are only read from the environment.
 */
public final class ConfigLoader {
  public static final String FILE_NAME = "skiff.yml";

  // A key given twice is a mistake (the nested and the flat form of one setting, say): refuse it.
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private final Map<String, ConfigKey> known;
  private final SettingSources sources;

  /** A loader for the command line ({@link SettingSources#COMMAND_LINE}). */
  public ConfigLoader(Collection<ConfigKey> known) {
    this(known, SettingSources.COMMAND_LINE);
  }

  public ConfigLoader(Collection<ConfigKey> known, SettingSources sources) {
    this.known = known.stream().collect(Collectors.toMap(ConfigKey::name, Function.identity(), (a, b) -> a));
    this.sources = sources;
  }

  /**
   * @param sourceRoot the source repository, where {@code skiff.yml} is looked for
   * @param environment the process environment
   * @param flags key to value, from the command line or an embedding program
   * @param secrets secret settings an embedding program gave, key to value
   * @param workingDir where relative paths from flags and the environment start
   */
  public Settings load(Path sourceRoot, Map<String, String> environment, Map<String, String> flags,
      Map<String, String> secrets, Path workingDir) throws SkiffException {
    Map<String, Settings.Value> values = new LinkedHashMap<>();
    if (sources.fileAndEnvironment()) {
      readFileAndEnvironment(sourceRoot, environment, workingDir, values);
    }
    for (Map.Entry<String, String> flag : flags.entrySet()) {
      String origin = sources.callerOrigin(flag.getKey());
      ConfigKey key = check(flag.getKey(), origin);
      if (key.secret()) {
        throw ConfigurationException.of(key.name(), origin + ": '" + key.name() + "' is a secret; " + (sources.commandLine()
            ? "set it in the environment as " + key.environmentVariable() + ", never on a command line"
            : "give it with secret(\"" + key.name() + "\", value), which keeps it out of every log"));
      }
      values.put(key.name(), new Settings.Value(flag.getValue(), origin, workingDir));
    }
    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      String origin = sources.callerOrigin(secret.getKey());
      ConfigKey key = check(secret.getKey(), origin);
      if (!key.secret()) {
        throw ConfigurationException.of(key.name(), origin + ": '" + key.name() + "' is not a secret; give it with set(\"" + key.name()
            + "\", value)");
      }
      values.put(key.name(), new Settings.Value(secret.getValue(), origin, workingDir));
    }
    return new Settings(values, known, workingDir, sources);
  }

  /** A loader for the command line, whose flags hold no secrets. */
  public Settings load(Path sourceRoot, Map<String, String> environment, Map<String, String> flags, Path workingDir)
      throws SkiffException {
    return load(sourceRoot, environment, flags, Map.of(), workingDir);
  }

  private void readFileAndEnvironment(Path sourceRoot, Map<String, String> environment, Path workingDir,
      Map<String, Settings.Value> values) throws SkiffException {
    Path file = sourceRoot.resolve(FILE_NAME);
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      // A link could make the run read (and its errors print) a file outside the repository.
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new ConfigurationException(file + ": must be a regular file in the repository, not a link or a folder");
      }
      readFile(file, values);
    }
    for (ConfigKey key : known.values()) {
      String value = environment.get(key.environmentVariable());
      if (value != null && !value.isEmpty()) {
        values.put(key.name(), new Settings.Value(value, key.environmentVariable(), workingDir));
      }
    }
  }

  private void readFile(Path file, Map<String, Settings.Value> values) throws SkiffException {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      throw new ConfigurationException(file + (at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : "")
          + ": not valid YAML: " + ParserMessages.oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ConfigurationException(null, "cannot read " + IoMessages.describe(e), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return;
    }
    if (!root.isObject()) {
      throw new ConfigurationException(file + ": expected a mapping of settings, such as 'builder: scratch'");
    }
    Map<String, String> flat = new HashMap<>();
    flatten("", root, flat, file);
    for (Map.Entry<String, String> entry : flat.entrySet()) {
      ConfigKey key = check(entry.getKey(), file.toString());
      if (key.secret()) {
        throw ConfigurationException.of(key.name(), file + ": '" + key.name() + "' is a secret and must not be committed;"
            + " set it in the CI's secret store as " + key.environmentVariable());
      }
      values.put(key.name(), new Settings.Value(entry.getValue(), FILE_NAME, file.getParent()));
    }
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> into, Path file)
      throws SkiffException {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String key = prefix + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flatten(key + ".", value, into, file);
      } else if (value.isValueNode() && !value.isNull()) {
        into.put(key, value.asText());
      } else if (!value.isNull()) {
        throw ConfigurationException.of(key, file + ": setting '" + key + "' must be a single value, not a list");
      }
    }
  }

  private ConfigKey check(String name, String origin) throws SkiffException {
    ConfigKey key = known.get(name);
    if (key == null) {
      String suggestions = known.keySet().stream()
          .sorted(Comparator.comparingInt((String k) -> distance(k, name)).thenComparing(k -> k))
          .limit(3)
          .collect(Collectors.joining(", "));
      throw ConfigurationException.of(name, origin + ": unknown setting '" + name + "'; did you mean one of: " + suggestions
          + "? (" + (sources.commandLine() ? "'skiff config'" : "Skiff.catalog()") + " lists them all)");
    }
    return key;
  }

  /** Levenshtein distance, to suggest the setting a typo meant. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
