package dev.skiff.spi;

/**
 * The registry that cannot be updated: it cannot be reached or pushed to, its pull request cannot be
 * opened, or what would be published does not agree with what it serves. Nothing half-published is
 * left: the registry keeps its previous state.
 */
public class PublishException extends SkiffException {
  private static final long serialVersionUID = 1L;

  /** @param message the one-line message */
  public PublishException(String message) {
    super(message);
  }

  /**
   * @param message the one-line message
   * @param cause what was caught
   */
  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
