package dev.skiff.spi;

/**
 * A failure the user can cause and fix: bad input, missing credentials, an unreachable service.
 * Its message is one line that says what went wrong and where; it is shown without a stack trace.
 * Plugins throw it for expected failures; anything else they throw is treated as a crash.
 */
public class SkiffException extends Exception {
  private static final long serialVersionUID = 1L;

  public SkiffException(String message) {
    super(message);
  }

  public SkiffException(String message, Throwable cause) {
    super(message, cause);
  }
}
