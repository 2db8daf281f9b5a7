package dev.skiff.model;

/** A namespace, tag, digest or reference that does not follow its grammar. */
public final class InvalidReferenceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** @param message what is wrong with the reference, and how to write it */
  public InvalidReferenceException(String message) {
    super(message);
  }
}
