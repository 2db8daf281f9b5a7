package dev.skiff.signing;

import dev.skiff.sif.SifFile;
import dev.skiff.sif.SifFormatException;
import dev.skiff.sif.SifIntegrity;
import dev.skiff.sif.SifObject;
import dev.skiff.support.InertText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Checks a SIF image's signatures as {@code apptainer verify} does, against the keys given: every
 * object group must carry a signature, and every signature must be by one of the keys (valid now:
 * not expired, not revoked), cover exactly its group's objects, record its signer's fingerprint,
 * and match the header and each object's descriptor and data. Legacy signatures (one digest over
 * the data alone) are refused: they do not protect the header or descriptors.
 */
public final class SifSignatureChecker {
  /** Far above the few kilobytes of a real signature object; bounds what a hostile image makes us read. */
  private static final long MAX_SIGNATURE_SIZE = 1 << 20;
  private static final Set<Integer> HASHES = Set.of(HashAlgorithmTags.SHA224, HashAlgorithmTags.SHA256,
      HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA512);

  private final PublicKeys keys;
  private final Instant now;

  /**
   * @param keys the keys a signature may be made by
   * @param now the time keys must be valid at
   */
  public SifSignatureChecker(PublicKeys keys, Instant now) {
    this.keys = keys;
    this.now = now;
  }

  /**
   * Checks the image's signatures.
   *
   * @throws SifFormatException when the file is not a valid SIF image
   */
  public ImageSignatures check(Path image) throws SifFormatException, IOException {
    SifGroups groups = SifGroups.of(SifFile.read(image));
    List<SifObject> signatureObjects = groups.signatures();
    if (signatureObjects.isEmpty()) {
      return new ImageSignatures(List.of(), List.of(ImageSignatures.UNSIGNED));
    }
    List<ImageSignatures.Signature> holding = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<Integer> signedGroups = new TreeSet<>();
    for (SifObject object : signatureObjects) {
      SifIntegrity.SignatureFields fields = groups.integrity().signatureFields(object).orElseThrow();
      String where = "signature object " + object.id();
      if (fields.linkedGroup().isEmpty()) {
        problems.add(where + " signs the single object " + object.linkedId() + ", not an object group; sign the"
            + " image again with a current apptainer or skiff");
        continue;
      }
      int group = fields.linkedGroup().get();
      if (!groups.groups().containsKey(group)) {
        problems.add(where + " signs object group " + group + ", which has no objects");
        continue;
      }
      signedGroups.add(group);
      try {
        holding.add(checkOne(groups, object, fields, group));
      } catch (Refused refused) {
        problems.add(where + " (object group " + group + "): " + refused.getMessage());
      } catch (RuntimeException e) {
        // The signature's packets come from whoever made the image: what the OpenPGP library
        // cannot make sense of refuses that signature, and nothing else.
        problems.add(where + " (object group " + group + "): cannot be read: " + InertText.of(String.valueOf(
            e.getMessage())));
      }
    }
    for (Map.Entry<Integer, List<SifObject>> group : groups.groups().entrySet()) {
      if (!signedGroups.contains(group.getKey())) {
        problems.add("object group " + group.getKey() + " (" + describe(group.getValue()) + ") is not signed");
      }
    }
    return new ImageSignatures(holding, problems);
  }

  private ImageSignatures.Signature checkOne(SifGroups groups, SifObject object, SifIntegrity.SignatureFields fields,
      int group) throws Refused, IOException {
    if (object.size() > MAX_SIGNATURE_SIZE) {
      throw new Refused("is " + object.size() + " bytes, more than any signature");
    }
    ClearSignedMessage message = ClearSignedMessage.decode(groups.file().read(object))
        .orElseThrow(() -> new Refused("is not a clear-signed OpenPGP message"));
    if (message.isLegacy()) {
      throw new Refused("is a legacy signature, which covers neither the header nor the descriptors; sign the"
          + " image again with a current apptainer or skiff");
    }
    if (message.signatures().size() != 1) {
      throw new Refused("holds " + message.signatures().size() + " OpenPGP signatures, where Apptainer writes one");
    }
    PGPSignature signature = message.signatures().get(0);
    PublicKeys.PublicKey key = keys.byKeyId(signature.getKeyID()).orElseThrow(() -> new Refused(
        "is by key ID " + String.format("%016X", signature.getKeyID()) + ", which is not "
            + (keys.isEmpty() ? "a key here (there are none)" : "one of " + keys.fingerprints())));
    PGPPublicKey signingKey = key.withKeyId(signature.getKeyID()).orElseThrow();
    if (!HASHES.contains(signature.getHashAlgorithm())) {
      throw new Refused("uses hash algorithm " + signature.getHashAlgorithm() + "; Apptainer accepts SHA-224 to SHA-512");
    }
    if (signature.getSignatureType() != PGPSignature.CANONICAL_TEXT_DOCUMENT
        && signature.getSignatureType() != PGPSignature.BINARY_DOCUMENT) {
      throw new Refused("is an OpenPGP signature of type " + signature.getSignatureType() + ", not over a document");
    }
    try {
      signature.init(new BcPGPContentVerifierBuilderProvider(), signingKey);
      signature.update(ClearSignedMessage.canonical(message.text()));
      if (!signature.verify()) {
        throw new Refused("does not match its message: the message or the signature was changed");
      }
    } catch (PGPException | RuntimeException e) {
      throw new Refused("cannot be checked with key " + key.fingerprint() + ": " + InertText.of(String.valueOf(
          e.getMessage())));
    }
    Optional<String> unusable = key.unusable(now);
    if (unusable.isPresent()) {
      throw new Refused("is by key " + key + ", which " + unusable.get());
    }
    if (!key.fingerprint().equals(KeyFingerprint.of(fields.fingerprint()))) {
      throw new Refused("is by key " + key + ", but its descriptor names " + KeyFingerprint.of(fields.fingerprint()));
    }
    ImageMetadata signed;
    try {
      signed = ImageMetadata.parse(message.text());
    } catch (IOException e) {
      throw new Refused(InertText.of(e.getMessage()));
    }
    String algorithm = signed.header().algorithm();
    List<SifObject> members = groups.groups().get(group);
    Set<Integer> relativeIds = new TreeSet<>();
    for (SifObject member : members) {
      int relativeId = member.id() - groups.minId(group);
      relativeIds.add(relativeId);
      if (signed.object(relativeId).isEmpty()) {
        throw new Refused("does not cover object " + member.id() + " (" + describe(List.of(member)) + ")");
      }
    }
    for (ImageMetadata.SignedObject entry : signed.objects()) {
      if (!relativeIds.contains(entry.relativeId())) {
        throw new Refused("covers object " + (entry.relativeId() + groups.minId(group)) + ", which is not in the group");
      }
    }
    if (!signed.header().matches(groups.digest(algorithm, groups.integrity().headerFields()).value())) {
      throw new Refused("the image's header changed after it was signed");
    }
    for (SifObject member : members) {
      int relativeId = member.id() - groups.minId(group);
      ImageMetadata.SignedObject entry = signed.object(relativeId).orElseThrow();
      if (!entry.descriptor().matches(groups.digest(entry.descriptor().algorithm(),
          groups.integrity().descriptorFields(member, relativeId)).value())) {
        throw new Refused("the descriptor of object " + member.id() + " (" + describe(List.of(member))
            + ") changed after it was signed");
      }
      if (!entry.data().matches(groups.dataDigest(entry.data().algorithm(), member).value())) {
        throw new Refused("object " + member.id() + " (" + describe(List.of(member)) + ") changed after it was signed");
      }
    }
    return new ImageSignatures.Signature(group, key.fingerprint(), key.userId());
  }

  private static String describe(List<SifObject> objects) {
    List<String> names = new ArrayList<>();
    for (SifObject object : objects) {
      names.add(object.partition().map(p -> p.isPrimarySystem() ? "the system partition" : "a partition")
          .orElse(object.type().label()));
    }
    return String.join(", ", names);
  }

  /** Why one signature does not hold. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }
}
