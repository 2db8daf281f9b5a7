package dev.skiff.signing;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What checking an image's signatures found.
 *
 * @param signatures the signatures that hold: made by a trusted, valid key over every object of a
 *     group, none of which changed since
 * @param problems why the image is not validly signed, one line each; empty when it is
 */
public record ImageSignatures(List<Signature> signatures, List<String> problems) {

  /** Copies the lists. */
  public ImageSignatures {
    signatures = List.copyOf(signatures);
    problems = List.copyOf(problems);
  }

  /**
   * A signature that holds.
   *
   * @param group the object group it covers (1 for the objects the build tools write)
   * @param signer the key's primary fingerprint
   * @param userId the key's first user id
   */
  public record Signature(int group, KeyFingerprint signer, String userId) {}

  /** Whether the image carries no signature at all. */
  public boolean unsigned() {
    return signatures.isEmpty() && problems.equals(List.of(UNSIGNED));
  }

  /** Whether every group is signed and every signature holds, as {@code apptainer verify} requires. */
  public boolean valid() {
    return problems.isEmpty() && !signatures.isEmpty();
  }

  /** The keys whose signatures hold. */
  public Set<KeyFingerprint> signers() {
    Set<KeyFingerprint> signers = new TreeSet<>(java.util.Comparator.comparing(KeyFingerprint::hex));
    signatures.forEach(s -> signers.add(s.signer()));
    return signers;
  }

  /** The problem of an image without any signature. */
  static final String UNSIGNED = "the image is not signed";
}
