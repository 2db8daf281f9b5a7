package dev.skiff.spi;

/**
 * A failure the user can cause and fix: bad input, missing credentials, an unreachable service.
 * Its message is one line that says what went wrong and where; it is shown without a stack trace.
 * Plugins throw it for expected failures; anything else they throw is treated as a crash.
 *
 * <p>What Skiff throws is one of its kinds, so that a program can tell them apart:
 * {@link ConfigurationException} (the settings), {@link PluginException} (a plugin that cannot be
 * loaded or crashed), {@link BuildException} (a recipe), {@link StorageException} (a store),
 * {@link PublishException} (the registry) and {@link VerificationException} (a check before
 * publishing). A plugin may throw this class itself: Skiff then passes it on as the kind of the
 * plugin's role (a storage's failure as a {@code StorageException}), with the same message.
 */
public class SkiffException extends Exception {
  private static final long serialVersionUID = 1L;

  /** @param message one line that says what went wrong and where */
  public SkiffException(String message) {
    super(message);
  }

  /**
   * @param message one line that says what went wrong and where
   * @param cause what was caught, kept for {@code --verbose} and debugging
   */
  public SkiffException(String message, Throwable cause) {
    super(message, cause);
  }
}
