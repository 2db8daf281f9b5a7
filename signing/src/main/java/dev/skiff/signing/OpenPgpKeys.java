package dev.skiff.signing;

import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/** What secret and public keys share: names, and why a key may not be used now. */
final class OpenPgpKeys {
  private OpenPgpKeys() {}

  /** The key's first user id, as gpg shows it; empty for a key without one. */
  static String userId(PGPPublicKey primary) {
    Iterator<String> ids = primary.getUserIDs();
    return ids.hasNext() ? ids.next() : "";
  }

  /**
   * Why the key may not sign or be trusted at {@code now}: it carries a valid revocation signature,
   * or its self-signature says it has expired.
   */
  static Optional<String> unusable(PGPPublicKey primary, Instant now) {
    for (Iterator<PGPSignature> it = primary.getSignaturesOfType(PGPSignature.KEY_REVOCATION); it.hasNext(); ) {
      PGPSignature revocation = it.next();
      try {
        revocation.init(new BcPGPContentVerifierBuilderProvider(), primary);
        if (revocation.verifyCertification(primary)) {
          return Optional.of("was revoked on " + revocation.getCreationTime().toInstant());
        }
      } catch (PGPException | RuntimeException e) {
        // A revocation that does not verify was not made by the key's owner: it revokes nothing.
      }
    }
    long valid = primary.getValidSeconds();
    if (valid > 0) {
      Instant expiry = primary.getCreationTime().toInstant().plusSeconds(valid);
      if (!now.isBefore(expiry)) {
        return Optional.of("expired on " + expiry);
      }
    }
    return Optional.empty();
  }
}
