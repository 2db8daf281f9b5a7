package dev.skiff.registry.verify;

import dev.skiff.spi.VerificationException;

/** The verification could not start because of how it was called (a revision that does not exist). */
public final class UsageException extends VerificationException {
  private static final long serialVersionUID = 1L;

  /** @param message what was wrong with the call */
  public UsageException(String message) {
    super(message);
  }
}
