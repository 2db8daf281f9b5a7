package dev.skiff.registry.verify;

import dev.skiff.registry.RegistryLayout;
import dev.skiff.signing.ImageSignatures;
import dev.skiff.signing.KeyFingerprint;
import dev.skiff.signing.PublicKeys;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a registry asks of a changed image's signatures, from its rules ({@code signatures:},
 * {@code keys:}) and its keys ({@code .skiff/keys/}), both read from the pull request's base:
 * where signatures are required, every image is signed; every signature an image carries holds and
 * is by a key bound to the image's namespace; and the signer the manifest records is that key.
 */
final class SignaturePolicy {
  static final String CHECK = "signature";

  private final RegistryRules rules;
  private final PublicKeys keys;

  SignaturePolicy(RegistryRules rules, PublicKeys keys) {
    this.rules = rules;
    this.keys = keys;
  }

  /**
   * Whether signatures are checked at all: where they are required, or where the registry holds
   * keys to check them with. A registry with neither takes images as they come.
   */
  boolean active() {
    return rules.signaturesRequired() || !keys.isEmpty();
  }

  /** The verdict on one manifest's image, from what the deep check found in it. */
  Finding judge(BlobTarget target, ImageSignatures found) {
    String path = target.path();
    if (found.unsigned()) {
      if (target.signer().isPresent()) {
        return Finding.fail(path, CHECK, "the manifest names signer " + target.signer().get()
            + ", but the image carries no signature");
      }
      return rules.signaturesRequired()
          ? Finding.fail(path, CHECK, "the image is not signed, and this registry requires signatures (signatures:"
              + " required in " + RegistryRules.FILE + "); set SKIFF_SIGNING_KEY in the source's CI")
          : Finding.pass(path, CHECK, "the image is not signed (signatures are optional here)");
    }
    if (!found.problems().isEmpty()) {
      return Finding.fail(path, CHECK, "the image's signatures do not hold: " + String.join("; ", found.problems()));
    }
    Optional<Set<KeyFingerprint>> bound = rules.keysFor(target.namespace().toString());
    if (bound.isPresent()) {
      List<KeyFingerprint> unbound = found.signers().stream().filter(s -> !bound.get().contains(s)).toList();
      if (!unbound.isEmpty()) {
        return Finding.fail(path, CHECK, "the image is signed by " + unbound.get(0) + ", which " + RegistryRules.FILE
            + " does not bind to " + target.namespace() + " (keys: " + (bound.get().isEmpty() ? "none"
            : bound.get().stream().map(KeyFingerprint::hex).collect(Collectors.joining(", "))) + ")");
      }
    }
    if (target.signer().isPresent()
        && found.signers().stream().noneMatch(s -> s.hex().equals(target.signer().get()))) {
      return Finding.fail(path, CHECK, "the manifest names signer " + target.signer().get() + ", but the image is"
          + " signed by " + found.signers().stream().map(KeyFingerprint::hex).collect(Collectors.joining(", ")));
    }
    return Finding.pass(path, CHECK, "signed by " + found.signatures().stream()
        .map(s -> s.signer() + (s.userId().isEmpty() ? "" : " (" + s.userId() + ")")).distinct()
        .collect(Collectors.joining(", ")) + ", a key of " + RegistryLayout.KEYS_FOLDER);
  }

  /** The verdict on an image whose signatures a shallow check cannot see. */
  Optional<Finding> withoutDownload(BlobTarget target) {
    return rules.signaturesRequired()
        ? Optional.of(Finding.fail(target.path(), CHECK, "this registry requires signatures, which only skiff verify"
            + " --deep checks (it downloads each changed image)"))
        : Optional.empty();
  }
}
