package dev.skiff.registry;

/** A registry page that cannot be read as its place in the layout says it should; the message says why. */
public final class InvalidPageException extends Exception {
  private static final long serialVersionUID = 1L;

  /** @param reason what is wrong with the page */
  public InvalidPageException(String reason) {
    super(reason, null, false, false);
  }
}
