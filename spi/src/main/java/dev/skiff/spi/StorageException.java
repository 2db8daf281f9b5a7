package dev.skiff.spi;

/**
 * A store that refuses or fails: it cannot be reached or written, its credentials are refused, a blob
 * is missing or is not what was recorded.
 */
public class StorageException extends SkiffException {
  private static final long serialVersionUID = 1L;

  /** @param message the one-line message */
  public StorageException(String message) {
    super(message);
  }

  /**
   * @param message the one-line message
   * @param cause what was caught
   */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
