package dev.skiff.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Digests of files, read in one pass. */
public final class FileDigests {
  private FileDigests() {}

  /** The MD5 of a file in lowercase hex: what object stores record to tell a changed file from the same one. */
  public static String md5Hex(Path file) throws IOException {
    return HexFormat.of().formatHex(md5(file));
  }

  /** The MD5 of a file in base64: what S3's Content-MD5 and Cloud Storage's md5Hash carry. */
  public static String md5Base64(Path file) throws IOException {
    return Base64.getEncoder().encodeToString(md5(file));
  }

  private static byte[] md5(Path file) throws IOException {
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has MD5", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md5.update(buffer, 0, n);
      }
    }
    return md5.digest();
  }
}
