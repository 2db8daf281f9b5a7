package dev.skiff.registry;

import org.eclipse.jgit.lib.PersonIdent;

/** Who commits to a registry when nobody else is named: Skiff itself, at an address that takes no mail. */
public final class RegistryCommitter {
  /** The name Skiff commits to the registry under. */
  public static final String NAME = "Skiff";
  /** The address Skiff commits to the registry under: one that delivers nowhere. */
  public static final String EMAIL = "skiff@users.noreply.invalid";

  private RegistryCommitter() {}

  /** A new identity, stamped now. */
  public static PersonIdent now() {
    return new PersonIdent(NAME, EMAIL);
  }
}
