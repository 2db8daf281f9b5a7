package dev.skiff.spi;

import dev.skiff.support.DurationText;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

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

  /**
   * A setting that must be set.
   *
   * @param key the setting's key
   * @return its value
   * @throws SkiffException (a {@link ConfigurationException}) when it is not set
   */
  default String require(String key) throws SkiffException {
    return get(key).orElseThrow(() -> ConfigurationException.of(key, "missing setting '" + key + "'"));
  }

  /** A key's value as an http(s) URL, with a trailing slash so that keys resolve below it. */
  /** A yes-or-no setting: {@code true} or {@code false}; false when unset. */
  default boolean flag(String key) throws SkiffException {
    Optional<String> value = get(key).map(v -> v.strip().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty());
    if (value.isEmpty() || value.get().equals("false")) {
      return false;
    }
    if (value.get().equals("true")) {
      return true;
    }
    throw ConfigurationException.of(key, "setting '" + key + "' (from " + origin(key) + "): '" + get(key).orElseThrow()
        + "' is neither true nor false");
  }

  /**
   * A setting that is an absolute http or https URL, when set.
   *
   * @param key the setting's key
   * @return the URL, or empty when not set
   * @throws SkiffException (a {@link ConfigurationException}) when it is set and not such a URL
   */
  default Optional<URI> url(String key) throws SkiffException {
    Optional<String> value = get(key).filter(v -> !v.isBlank());
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String text = value.get().trim();
    try {
      URI url = new URI(text.endsWith("/") ? text : text + "/");
      if (url.getScheme() == null || !url.getScheme().matches("(?i)https?") || url.getHost() == null) {
        throw new URISyntaxException(text, "not http(s)");
      }
      return Optional.of(url);
    } catch (URISyntaxException e) {
      throw ConfigurationException.of(key, "setting '" + key + "' (from " + origin(key) + "): '" + text
          + "' is not an http:// or https:// URL");
    }
  }

  /** A key's value as a size in bytes: a number, or one with K, M or G (powers of 1024). */
  default OptionalLong size(String key) throws SkiffException {
    Optional<String> value = get(key).filter(v -> !v.isBlank());
    if (value.isEmpty()) {
      return OptionalLong.empty();
    }
    String text = value.get().trim().toUpperCase(Locale.ROOT);
    int shift = text.endsWith("K") ? 10 : text.endsWith("M") ? 20 : text.endsWith("G") ? 30 : 0;
    try {
      long number = Long.parseLong(shift == 0 ? text : text.substring(0, text.length() - 1));
      if (number < 0 || number > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException(text);
      }
      return OptionalLong.of(number << shift);
    } catch (NumberFormatException e) {
      throw ConfigurationException.of(key, "setting '" + key + "' (from " + origin(key) + "): '" + value.get().trim()
          + "' is not a size; write bytes, or 256K, 16M, 1G");
    }
  }

  /** A key's value as a whole number from {@code min} to {@code max}. */
  default OptionalInt integer(String key, int min, int max) throws SkiffException {
    Optional<String> value = get(key).filter(v -> !v.isBlank());
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int number = Integer.parseInt(value.get().trim());
      if (number >= min && number <= max) {
        return OptionalInt.of(number);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ConfigurationException.of(key, "setting '" + key + "' (from " + origin(key) + "): '" + value.get().trim()
        + "' is not a whole number from " + min + " to " + max);
  }

  /**
   * A setting that is a duration ({@code 90s}, {@code 30m}, {@code 2h}, {@code 7d}), when set.
   *
   * @param key the setting's key
   * @return the duration, or empty when not set
   * @throws SkiffException (a {@link ConfigurationException}) when it is set and not a duration
   */
  default Optional<Duration> duration(String key) throws SkiffException {
    Optional<String> value = get(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String text = value.get().trim();
    Optional<Duration> duration = DurationText.parse(text);
    if (duration.isEmpty()) {
      throw ConfigurationException.of(key, "setting '" + key + "' (from " + origin(key) + "): '" + text + "' is not a duration; "
          + DurationText.FORMS);
    }
    return duration;
  }
}
