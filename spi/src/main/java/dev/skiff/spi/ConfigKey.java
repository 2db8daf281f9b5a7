package dev.skiff.spi;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A configuration key a plugin reads, such as {@code builder.singularity.mode}. Declaring it lets
 * Skiff accept it in {@code skiff.yml} and as an environment variable
 * ({@code SKIFF_BUILDER_SINGULARITY_MODE}), list it in help, and mask it when it is secret.
 *
 * @param name dotted lower-case words, such as {@code storage.file.base-url}
 * @param description one line for help and docs
 * @param defaultValue the value when none is set
 * @param secret secrets are only read from the environment and never shown
 */
public record ConfigKey(String name, String description, Optional<String> defaultValue, boolean secret) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

  /** Checks that the name is dotted lower-case words and the other components are given. */
  public ConfigKey {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(defaultValue, "defaultValue");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("config key '" + name + "': use dotted lower-case words");
    }
  }

  /**
   * A setting without a default.
   *
   * @param name dotted lower-case words, such as {@code builder.squashfs.arch}
   * @param description one line for {@code skiff config}
   * @return the key
   */
  public static ConfigKey of(String name, String description) {
    return new ConfigKey(name, description, Optional.empty(), false);
  }

  /**
   * A setting with a default.
   *
   * @param name dotted lower-case words, such as {@code builder.squashfs.arch}
   * @param description one line for {@code skiff config}
   * @param defaultValue the value when none is set
   * @return the key
   */
  public static ConfigKey of(String name, String description, String defaultValue) {
    return new ConfigKey(name, description, Optional.of(defaultValue), false);
  }

  /**
   * A secret setting: read only from the environment or an embedding program's {@code secret(...)},
   * refused in {@code skiff.yml} and on the command line, and shown as {@code ****}.
   *
   * @param name dotted lower-case words, such as {@code builder.squashfs.token}
   * @param description one line for {@code skiff config}
   * @return the key
   */
  public static ConfigKey secret(String name, String description) {
    return new ConfigKey(name, description, Optional.empty(), true);
  }

  /** The environment variable that sets this key. */
  public String environmentVariable() {
    return "SKIFF_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
