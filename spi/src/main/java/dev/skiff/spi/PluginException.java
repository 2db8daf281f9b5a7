package dev.skiff.spi;

/**
 * A plugin that failed in a way that is not the user's input: it cannot be loaded, two plugins
 * claim one name, or it crashed (threw something other than a {@link SkiffException}). The cause
 * holds what the plugin threw.
 */
public class PluginException extends SkiffException {
  private static final long serialVersionUID = 1L;

  private final String plugin;

  /**
   * @param plugin the plugin as users know it: {@code builder 'scratch'}, {@code storage 's3'}, or
   *     where it was loaded from
   * @param message the one-line message, which names the plugin
   * @param cause what the plugin threw, or null
   */
  public PluginException(String plugin, String message, Throwable cause) {
    super(message, cause);
    this.plugin = plugin;
  }

  /** The plugin as users know it: {@code builder 'scratch'}, {@code storage 's3'}, or the jar it is in. */
  public String plugin() {
    return plugin;
  }

  /** Whether the plugin crashed (threw an unchecked exception or an error): a bug to report to its authors. */
  public boolean crashed() {
    return getCause() instanceof RuntimeException || getCause() instanceof Error;
  }
}
