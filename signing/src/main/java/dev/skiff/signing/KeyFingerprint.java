package dev.skiff.signing;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * An OpenPGP v4 key's fingerprint, the name a key goes by in the registry's rules, in manifests
 * and in Apptainer's own output: 40 upper-case hex digits.
 *
 * @param hex the fingerprint in upper-case hex
 */
public record KeyFingerprint(String hex) {
  private static final int HEX_DIGITS = 40;

  /** Checks the form: 40 upper-case hex digits. */
  public KeyFingerprint {
    if (!hex.matches("[0-9A-F]{" + HEX_DIGITS + "}")) {
      throw new IllegalArgumentException("not an OpenPGP v4 fingerprint (40 hex digits): " + hex);
    }
  }

  /** The fingerprint in its 20 bytes. */
  public static KeyFingerprint of(byte[] bytes) {
    return new KeyFingerprint(HexFormat.of().withUpperCase().formatHex(bytes));
  }

  /**
   * Reads a fingerprint as people write it: upper or lower case, in groups separated by spaces (as
   * {@code gpg --fingerprint} prints it), with or without a {@code 0x} prefix.
   */
  public static Optional<KeyFingerprint> parse(String text) {
    String compact = text.strip().replaceFirst("^0[xX]", "").replace(" ", "").toUpperCase(Locale.ROOT);
    return compact.matches("[0-9A-F]{" + HEX_DIGITS + "}") ? Optional.of(new KeyFingerprint(compact)) : Optional.empty();
  }

  /** The 20 bytes, as a SIF signature descriptor records them. */
  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  /** The long key ID people see in gpg's output: the last 16 hex digits. */
  public String keyId() {
    return hex.substring(HEX_DIGITS - 16);
  }

  @Override
  public String toString() {
    return hex;
  }
}
