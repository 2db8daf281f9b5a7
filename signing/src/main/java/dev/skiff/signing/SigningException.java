package dev.skiff.signing;

import dev.skiff.spi.SkiffException;

/** A key that cannot be read or used, or an image that cannot be signed; the message says which and why. */
public final class SigningException extends SkiffException {
  private static final long serialVersionUID = 1L;

  /** @param message what failed, on one line */
  public SigningException(String message) {
    super(message);
  }

  /** @param message what failed, on one line */
  public SigningException(String message, Throwable cause) {
    super(message, cause);
  }
}
