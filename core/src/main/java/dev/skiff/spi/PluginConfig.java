package dev.skiff.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The settings a plugin reads: values from {@code skiff.yml}, {@code SKIFF_*} environment
 * variables and flags, already merged. Typed readers fail with a message naming the key and where
 * its value came from.
 */
public interface PluginConfig {

  /** The value of a key, or its declared default. */
  Optional<String> get(String key);

  /** Where a key's value came from ("skiff.yml", "SKIFF_BUILDER", "--builder", "default"). */
  String origin(String key);

  /**
   * A key's value as a path: relative values are resolved against the folder of the file that set
   * them, or the working directory for flags and environment variables.
   */
  Optional<Path> path(String key);

  /**
   * The folder that relative values of {@code key} are resolved against: the folder of
   * {@code skiff.yml} for values set there, else the working directory.
   */
  Path baseDir(String key);

  default String require(String key) throws SkiffException {
    return get(key).orElseThrow(() -> new SkiffException("missing setting '" + key + "'"));
  }

  default Optional<Duration> duration(String key) throws SkiffException {
    Optional<String> value = get(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String text = value.get().trim();
    try {
      if (text.matches("\\d+")) {
        return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
      }
      if (text.matches("\\d+[smh]")) {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return Optional.of(switch (text.charAt(text.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        });
      }
      return Optional.of(Duration.parse(text));
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new SkiffException("setting '" + key + "' (from " + origin(key) + "): '" + text
          + "' is not a duration; write seconds, or 90s, 30m, 2h");
    }
  }
}
