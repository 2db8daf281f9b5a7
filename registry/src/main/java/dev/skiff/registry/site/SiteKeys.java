package dev.skiff.registry.site;

import dev.skiff.registry.verify.RegistryRules;
import dev.skiff.signing.KeyFingerprint;
import dev.skiff.signing.PublicKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's signing keys as the site publishes them: each key at {@code _skiff/keys/FINGERPRINT.asc},
 * and {@code _skiff/keys/index.json}, which says whether the registry requires signatures and which
 * namespaces each key may sign, for {@code skiff pull} and for people.
 */
final class SiteKeys {
  static final String FOLDER = "_skiff/keys/";
  static final String INDEX = FOLDER + "index.json";

  private final PublicKeys keys;
  private final RegistryRules rules;

  SiteKeys(PublicKeys keys, RegistryRules rules) {
    this.keys = keys;
    this.rules = rules;
  }

  /** A key the site shows: its fingerprint, its user id and the file people download. */
  record Shown(String fingerprint, String userId, String file) {}

  /** The key with this fingerprint, when the registry holds it. */
  Optional<Shown> find(String fingerprint) {
    return KeyFingerprint.parse(fingerprint).flatMap(keys::get).map(SiteKeys::shown);
  }

  /** Every key, for the home page. */
  List<Shown> all() {
    return keys.all().stream().map(SiteKeys::shown).toList();
  }

  private static Shown shown(PublicKeys.PublicKey key) {
    return new Shown(key.fingerprint().hex(), NamespaceRenderer.printable(key.userId()), file(key));
  }

  boolean required() {
    return rules.signaturesRequired();
  }

  void write(SiteFiles files) throws IOException {
    List<Object> list = new ArrayList<>();
    for (PublicKeys.PublicKey key : keys.all()) {
      files.write(file(key), key.armored().getBytes(StandardCharsets.US_ASCII));
      List<String> patterns = new ArrayList<>();
      rules.keys().forEach((pattern, bound) -> {
        if (bound.contains(key.fingerprint())) {
          patterns.add(pattern);
        }
      });
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("fingerprint", key.fingerprint().hex());
      entry.put("user_id", key.userId());
      entry.put("file", key.fingerprint().hex() + ".asc");
      entry.put("namespaces", patterns.stream().sorted().toList());
      list.add(entry);
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("signatures", rules.signaturesRequired() ? "required" : "optional");
    // A namespace no pattern names may be signed by any key here; one a pattern names, only by its keys.
    index.put("bound_namespaces", rules.keys().keySet().stream().sorted().toList());
    index.put("keys", list);
    files.write(INDEX, ApiJson.bytes(index));
  }

  private static String file(PublicKeys.PublicKey key) {
    return FOLDER + key.fingerprint().hex() + ".asc";
  }
}
