package dev.skiff.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * An OpenPGP secret key, unlocked, that signs images with its primary key (as {@code apptainer
 * sign} does). No message of this class quotes the key or its passphrase.
 */
public final class SigningKey {
  private final PGPPrivateKey privateKey;
  private final PGPPublicKey publicKey;
  private final KeyFingerprint fingerprint;
  private final String userId;

  private SigningKey(PGPPrivateKey privateKey, PGPPublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.fingerprint = KeyFingerprint.of(publicKey.getFingerprint());
    this.userId = OpenPgpKeys.userId(publicKey);
  }

  /**
   * Reads an ASCII-armored secret key, as {@code gpg --armor --export-secret-keys} writes it, and
   * unlocks it.
   *
   * @param armored the armored key block
   * @param passphrase the key's passphrase; empty for a key without one
   * @param now the time the key must be valid at: not expired, not revoked
   * @throws SigningException when the text is not one secret key, the passphrase does not unlock
   *     it, or it may not sign now
   */
  public static SigningKey read(String armored, char[] passphrase, Instant now) throws SigningException {
    PGPSecretKeyRingCollection rings;
    try {
      rings = new PGPSecretKeyRingCollection(
          PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.strip().getBytes(StandardCharsets.US_ASCII))),
          new BcKeyFingerprintCalculator());
    } catch (IOException | PGPException | RuntimeException e) {
      throw new SigningException("not an ASCII-armored OpenPGP secret key; export one with"
          + " gpg --armor --export-secret-keys KEYID");
    }
    Iterator<PGPSecretKeyRing> it = rings.getKeyRings();
    if (!it.hasNext()) {
      throw new SigningException("holds no secret key; export one with gpg --armor --export-secret-keys KEYID");
    }
    PGPSecretKeyRing ring = it.next();
    if (it.hasNext()) {
      throw new SigningException("holds " + rings.size() + " secret keys; give exactly one");
    }
    PGPSecretKey secret = ring.getSecretKey();
    PGPPublicKey primary = secret.getPublicKey();
    String name = KeyFingerprint.of(primary.getFingerprint()) + " (" + OpenPgpKeys.userId(primary) + ")";
    if (!secret.isSigningKey()) {
      throw new SigningException("key " + name + " cannot sign: its algorithm is for encryption only");
    }
    if (primary.getVersion() != 4) {
      throw new SigningException("key " + name + " is an OpenPGP version " + primary.getVersion()
          + " key; Apptainer's signatures need a version 4 key");
    }
    String unusable = OpenPgpKeys.unusable(primary, now).orElse(null);
    if (unusable != null) {
      throw new SigningException("key " + name + " " + unusable + "; sign with a valid key");
    }
    try {
      PGPPrivateKey unlocked = secret.extractPrivateKey(passphrase.length == 0 && secret.getKeyEncryptionAlgorithm() == 0
          ? null
          : new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase));
      if (unlocked == null) {
        throw new SigningException("key " + name + " holds no private key material (a stub, as gpg exports for"
            + " smart-card keys)");
      }
      return new SigningKey(unlocked, primary);
    } catch (PGPException | RuntimeException e) {
      throw passphrase.length == 0
          ? new SigningException("cannot unlock key " + name + ": it has a passphrase, and none was given", true)
          : new SigningException("cannot unlock key " + name + ": the passphrase is wrong");
    }
  }

  /** The primary key's fingerprint, which the image's signature descriptors record. */
  public KeyFingerprint fingerprint() {
    return fingerprint;
  }

  /** The key's first user id, such as {@code Lab CI <ci@lab.example>}. */
  public String userId() {
    return userId;
  }

  /**
   * A text signature over {@code canonical}, made at {@code time}: SHA-256, the creation time and the
   * issuer in hashed subpackets, the key ID unhashed, as gpg and Apptainer write them. With an RSA or
   * EdDSA key the same text and time give the same bytes.
   */
  PGPSignature sign(byte[] canonical, Instant time) throws SigningException {
    try {
      PGPSignatureGenerator generator = new PGPSignatureGenerator(
          new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA256), publicKey);
      generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, privateKey);
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(false, Date.from(time));
      hashed.setIssuerFingerprint(false, publicKey);
      generator.setHashedSubpackets(hashed.generate());
      PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
      unhashed.setIssuerKeyID(false, publicKey.getKeyID());
      generator.setUnhashedSubpackets(unhashed.generate());
      generator.update(canonical);
      return generator.generate();
    } catch (PGPException | RuntimeException e) {
      throw new SigningException("key " + fingerprint + " cannot sign: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "signing key " + fingerprint;
  }
}
