package dev.skiff.spi;

/**
 * A check of what would be published failed: a shard's records are missing, disagree or name
 * images the storage does not hold, or a verification was called wrongly. Nothing was published.
 */
public class VerificationException extends SkiffException {
  private static final long serialVersionUID = 1L;

  /** @param message the one-line message */
  public VerificationException(String message) {
    super(message);
  }

  /**
   * @param message the one-line message
   * @param cause what was caught
   */
  public VerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
