package dev.skiff.spi;

import java.util.Optional;

/**
 * Settings that cannot be used: an unknown or misspelt key, a value of the wrong form, a required
 * setting left out, an unknown builder, publisher or storage scheme. Nothing was built or stored.
 */
public class ConfigurationException extends SkiffException {
  private static final long serialVersionUID = 1L;

  /** The key of the setting at fault, such as {@code storage}; null when no one setting is. */
  private final String setting;

  /** A failure of the settings as a whole, or of a file of them. */
  public ConfigurationException(String message) {
    this(null, message, null);
  }

  /**
   * @param setting the key of the setting at fault ({@code builder.remote.url}), or null
   * @param message the one-line message
   * @param cause what was caught, or null
   */
  public ConfigurationException(String setting, String message, Throwable cause) {
    super(message, cause);
    this.setting = setting;
  }

  /** The failure of one setting, named by its key ({@code builder.remote.url}). */
  public static ConfigurationException of(String setting, String message) {
    return new ConfigurationException(setting, message, null);
  }

  /** The key of the setting at fault, when one is: for a program that points its user at it. */
  public Optional<String> setting() {
    return Optional.ofNullable(setting);
  }
}
