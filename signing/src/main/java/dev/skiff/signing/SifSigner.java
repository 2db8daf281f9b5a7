package dev.skiff.signing;

import dev.skiff.sif.SifFile;
import dev.skiff.sif.SifFormatException;
import dev.skiff.sif.SifIntegrity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Signs a SIF image as {@code apptainer sign} does: for each object group, a clear-signed message
 * over the group's metadata ({@link ImageMetadata}, SHA-256 digests), appended as a signature
 * object linked to the group that records the signer's fingerprint.
 */
public final class SifSigner {
  private static final String ALGORITHM = "sha256";

  private SifSigner() {}

  /**
   * Signs {@code image} in place.
   *
   * @param time the signature's time, and the new objects' and the header's modification time: the
   *     image's own date keeps a reproducible build reproducible
   * @return how many groups were signed
   * @throws SifFormatException when the file is not a valid SIF image, or has no room for signatures
   */
  public static int sign(Path image, SigningKey key, Instant time)
      throws SifFormatException, SigningException, IOException {
    SifGroups groups = SifGroups.of(SifFile.read(image));
    if (groups.groups().isEmpty()) {
      throw new SifFormatException(image, "no object is in a group, so there is nothing a signature could cover");
    }
    // A signature object is in no group and changes no field a signature covers, so each group's
    // metadata is the same before and after the others are signed.
    for (int group : groups.groups().keySet()) {
      String text = groups.metadata(group, ALGORITHM).toJson();
      byte[] message = ClearSignedMessage.encode(text, "SHA256",
          key.sign(ClearSignedMessage.canonical(text), time));
      SifIntegrity.appendSignature(image, group, SifIntegrity.HASH_SHA256, key.fingerprint().bytes(),
          message, time);
    }
    return groups.groups().size();
  }
}
