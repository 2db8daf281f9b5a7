package dev.skiff.signing;

import dev.skiff.spi.SkiffException;

/** A key that cannot be read or used, or an image that cannot be signed; the message says which and why. */
public final class SigningException extends SkiffException {
  private static final long serialVersionUID = 1L;
  private final boolean passphraseMissing;

  /** @param message what failed, on one line */
  public SigningException(String message) {
    this(message, false);
  }

  SigningException(String message, boolean passphraseMissing) {
    super(message);
    this.passphraseMissing = passphraseMissing;
  }

  /** Whether the key has a passphrase and none was given: the caller can say where it goes. */
  public boolean passphraseMissing() {
    return passphraseMissing;
  }

  /** @param message what failed, on one line */
  public SigningException(String message, Throwable cause) {
    super(message, cause);
    this.passphraseMissing = false;
  }
}
