package dev.skiff.signing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * The public keys signatures are checked against, such as a registry's {@code .skiff/keys/}: each
 * a primary key with its subkeys, known by its primary fingerprint.
 */
public final class PublicKeys {
  private final Map<KeyFingerprint, PublicKey> keys;

  private PublicKeys(Map<KeyFingerprint, PublicKey> keys) {
    this.keys = Map.copyOf(keys);
  }

  /** One key: a primary key with its subkeys. */
  public static final class PublicKey {
    private final KeyFingerprint fingerprint;
    private final String userId;
    private final String source;
    private final PGPPublicKeyRing ring;

    private PublicKey(KeyFingerprint fingerprint, String userId, String source, PGPPublicKeyRing ring) {
      this.fingerprint = fingerprint;
      this.userId = userId;
      this.source = source;
      this.ring = ring;
    }

    /** Its primary key's fingerprint. */
    public KeyFingerprint fingerprint() {
      return fingerprint;
    }

    /** Its first user id, such as {@code Lab CI <ci@lab.example>}. */
    public String userId() {
      return userId;
    }

    /** Where it was read from, such as {@code .skiff/keys/ci.asc}. */
    public String source() {
      return source;
    }

    /** Why it may not be trusted at {@code now} (expired, revoked); empty when it may. */
    public Optional<String> unusable(Instant now) {
      return OpenPgpKeys.unusable(ring.getPublicKey(), now);
    }

    /** The key alone, armored (without armor headers), as consumers download it to check images with. */
    public String armored() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out)) {
        ring.encode(armor);
      } catch (IOException e) {
        throw new UncheckedIOException("writing to memory failed", e);
      }
      return out.toString(StandardCharsets.US_ASCII);
    }

    /** The key (primary or subkey) with this key ID. */
    Optional<PGPPublicKey> withKeyId(long keyId) {
      return Optional.ofNullable(ring.getPublicKey(keyId));
    }

    @Override
    public String toString() {
      return fingerprint + (userId.isEmpty() ? "" : " (" + userId + ")");
    }
  }

  /** No keys: every signature is by an unknown key. */
  public static PublicKeys none() {
    return new PublicKeys(Map.of());
  }

  /**
   * Reads armored public keys, as {@code gpg --armor --export} writes them.
   *
   * @param armoredBySource each text by where it comes from, for messages; a text may hold several keys
   * @throws SigningException when a text is not armored public keys; the message names its source
   */
  public static PublicKeys read(Map<String, String> armoredBySource) throws SigningException {
    Map<KeyFingerprint, PublicKey> keys = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : armoredBySource.entrySet()) {
      String source = entry.getKey();
      PGPPublicKeyRingCollection rings;
      try {
        rings = new PGPPublicKeyRingCollection(PGPUtil.getDecoderStream(new ByteArrayInputStream(
            entry.getValue().strip().getBytes(StandardCharsets.US_ASCII))), new BcKeyFingerprintCalculator());
      } catch (IOException | PGPException | RuntimeException e) {
        throw new SigningException(source + ": not an ASCII-armored OpenPGP public key; export one with"
            + " gpg --armor --export KEYID");
      }
      if (rings.size() == 0) {
        throw new SigningException(source + ": holds no public key; export one with gpg --armor --export KEYID");
      }
      for (Iterator<PGPPublicKeyRing> it = rings.getKeyRings(); it.hasNext(); ) {
        PGPPublicKeyRing ring = it.next();
        PGPPublicKey primary = ring.getPublicKey();
        KeyFingerprint fingerprint = KeyFingerprint.of(primary.getFingerprint());
        PublicKey earlier = keys.putIfAbsent(fingerprint, new PublicKey(fingerprint, OpenPgpKeys.userId(primary),
            source, ring));
        if (earlier != null) {
          throw new SigningException(source + ": key " + fingerprint + " is in " + earlier.source() + " too; keep one copy");
        }
      }
    }
    return new PublicKeys(keys);
  }

  /** Every key. */
  public Collection<PublicKey> all() {
    return keys.values();
  }

  /** The key with this primary fingerprint. */
  public Optional<PublicKey> get(KeyFingerprint fingerprint) {
    return Optional.ofNullable(keys.get(fingerprint));
  }

  /** Only the keys with these fingerprints (those a registry binds to a namespace). */
  public PublicKeys only(Set<KeyFingerprint> fingerprints) {
    Map<KeyFingerprint, PublicKey> kept = new LinkedHashMap<>(keys);
    kept.keySet().retainAll(fingerprints);
    return new PublicKeys(kept);
  }

  /** The key whose primary key or a subkey has this key ID. */
  Optional<PublicKey> byKeyId(long keyId) {
    return keys.values().stream().filter(k -> k.withKeyId(keyId).isPresent()).findFirst();
  }

  /** The fingerprints, for messages. */
  public List<KeyFingerprint> fingerprints() {
    return new ArrayList<>(keys.keySet());
  }

  /** Whether there are no keys. */
  public boolean isEmpty() {
    return keys.isEmpty();
  }
}
