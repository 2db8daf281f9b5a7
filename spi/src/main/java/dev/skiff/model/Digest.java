package dev.skiff.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest, {@code sha256:<64 lowercase hex>}. */
public record Digest(String hex) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private static final String PREFIX = "sha256:";

  /** Checks that the digest is 64 lower-case hexadecimal characters. */
  public Digest {
    if (hex == null || !HEX.matcher(hex).matches()) {
      throw new InvalidReferenceException(
          "invalid sha256 '" + hex + "': expected 64 lowercase hexadecimal characters");
    }
  }

  /** Parses {@code sha256:<hex>}. */
  public static Digest parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      throw new InvalidReferenceException(
          "invalid digest '" + text + "': expected sha256:<64 hexadecimal characters>");
    }
    return new Digest(text.substring(PREFIX.length()));
  }

  /** The digest of 32 bytes of a sha256 sum. */
  public static Digest of(byte[] sha256) {
    if (sha256.length != 32) {
      throw new IllegalArgumentException("a sha256 has 32 bytes, not " + sha256.length);
    }
    return new Digest(HexFormat.of().formatHex(sha256));
  }

  /** The digest of {@code content}. */
  public static Digest sha256(byte[] content) {
    return of(newSha256().digest(content));
  }

  /** The digest of a file's content, read in chunks. */
  public static Digest sha256(Path file) throws IOException {
    MessageDigest sha256 = newSha256();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha256.update(buffer, 0, n);
      }
    }
    return of(sha256.digest());
  }

  /** A fresh SHA-256 hasher, for code that hashes while it copies. */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return PREFIX + hex;
  }
}
