package dev.skiff.storage.s3;

import dev.skiff.model.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * A file's sha256, and the checksum S3 records for it when it is sent in parts of a given size:
 * the sha256 of the parts' sha256s, in base64, followed by {@code -<parts>}. Both come from one
 * read of the file.
 *
 * @param digest the whole file's sha256
 * @param composite S3's multipart checksum, for files of more than one part
 */
record FileHash(Digest digest, String composite) {

  static FileHash of(Path file, long partSize) throws IOException {
    MessageDigest whole = Digest.newSha256();
    MessageDigest part = Digest.newSha256();
    MessageDigest parts = Digest.newSha256();
    int count = 0;
    long inPart = 0;
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        whole.update(buffer, 0, n);
        int offset = 0;
        while (offset < n) {
          int take = (int) Math.min(n - offset, partSize - inPart);
          part.update(buffer, offset, take);
          inPart += take;
          offset += take;
          if (inPart == partSize) {
            parts.update(part.digest());
            count++;
            inPart = 0;
          }
        }
      }
    }
    if (inPart > 0) {
      parts.update(part.digest());
      count++;
    }
    return new FileHash(Digest.of(whole.digest()), Base64.getEncoder().encodeToString(parts.digest()) + "-" + count);
  }
}
