package dev.skiff.registry.pull;

import dev.skiff.registry.RegistryLayout;
import dev.skiff.sif.SifFormatException;
import dev.skiff.signing.ImageSignatures;
import dev.skiff.signing.PublicKeys;
import dev.skiff.signing.SifSignatureChecker;
import dev.skiff.signing.SigningException;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The signature check of {@code skiff pull}: where the site says its registry requires signatures
 * ({@code _skiff/keys/index.json}), or the user asks, the pulled image must carry valid signatures
 * by the site's keys bound to its namespace, or it is not written out.
 */
final class SiteSignatures {
  static final String INDEX = "_skiff/keys/index.json";
  private static final Pattern KEY_FILE = Pattern.compile("[0-9A-F]{40}\\.asc");

  /** Reads a file of the site: its bytes, or empty on 404. */
  @FunctionalInterface
  interface SiteFiles {
    Optional<byte[]> get(URI url) throws SkiffException, InterruptedException;
  }

  private final SiteFiles site;

  SiteSignatures(SiteFiles site) {
    this.site = site;
  }

  /**
   * Checks the image when signatures are wanted.
   *
   * @return who signed it ({@code FINGERPRINT (user id)}); empty when signatures were not checked
   * @throws SkiffException when the image must be signed and is not, or its signatures do not hold
   */
  List<String> check(PullReference ref, Path image, boolean requireSignature)
      throws SkiffException, InterruptedException {
    URI indexUrl = ref.site().resolve(INDEX);
    Optional<byte[]> raw = site.get(indexUrl);
    Map<?, ?> index = raw.isPresent() ? parse(raw.get(), indexUrl, ref) : Map.of();
    boolean required = "required".equals(index.get("signatures"));
    if (!required && !requireSignature) {
      return List.of();
    }
    String why = requireSignature ? "--require-signature asks for a signed image" : "the registry requires signed images";
    PublicKeys keys = keysFor(ref, index, indexUrl);
    if (keys.isEmpty()) {
      throw new SkiffException(ref.shortName() + ": " + why + ", but " + ref.site() + " publishes no key for "
          + ref.namespace() + " (" + indexUrl + "); nothing was written");
    }
    ImageSignatures found;
    try {
      found = new SifSignatureChecker(keys, Instant.now()).check(image);
    } catch (SifFormatException | IOException e) {
      throw new SkiffException(ref.shortName() + ": the image cannot be read to check its signatures: "
          + e.getMessage() + "; nothing was written", e);
    }
    if (!found.valid()) {
      throw new SkiffException(ref.shortName() + ": " + why + ", and " + (found.unsigned() ? "it is not signed"
          : "its signatures do not hold: " + String.join("; ", found.problems())) + "; nothing was written");
    }
    return found.signatures().stream()
        .map(s -> s.signer() + (s.userId().isEmpty() ? "" : " (" + s.userId() + ")")).distinct().toList();
  }

  /** The site's keys that may sign the namespace: those bound to it, or all when no pattern names it. */
  private PublicKeys keysFor(PullReference ref, Map<?, ?> index, URI indexUrl)
      throws SkiffException, InterruptedException {
    String namespace = ref.namespace().toString();
    List<String> patterns = new ArrayList<>();
    if (index.get("bound_namespaces") instanceof List<?> bound) {
      bound.forEach(p -> {
        if (p instanceof String pattern && RegistryLayout.namespaceMatches(pattern, namespace)) {
          patterns.add(pattern);
        }
      });
    }
    Map<String, String> armored = new LinkedHashMap<>();
    if (index.get("keys") instanceof List<?> entries) {
      for (Object entry : entries) {
        if (!(entry instanceof Map<?, ?> key) || !(key.get("file") instanceof String file)
            || !KEY_FILE.matcher(file).matches()) {
          throw new SkiffException(indexUrl + " lists a key without a FINGERPRINT.asc file; is " + ref.site()
              + " a Skiff site?");
        }
        boolean bound = patterns.isEmpty() || (key.get("namespaces") instanceof List<?> names
            && names.stream().anyMatch(patterns::contains));
        if (bound) {
          URI url = indexUrl.resolve(file);
          byte[] bytes = site.get(url).orElseThrow(() -> new SkiffException(url + " answered 404, though "
              + indexUrl + " lists it"));
          armored.put(url.toString(), new String(bytes, StandardCharsets.US_ASCII));
        }
      }
    }
    try {
      return PublicKeys.read(armored);
    } catch (SigningException e) {
      throw new SkiffException(ref.shortName() + ": the site's key " + e.getMessage(), e);
    }
  }

  private static Map<?, ?> parse(byte[] bytes, URI url, PullReference ref) throws SkiffException {
    try {
      if (com.fasterxml.jackson.jr.ob.JSON.std.anyFrom(bytes) instanceof Map<?, ?> map) {
        return map;
      }
    } catch (IOException e) {
      // said below
    }
    throw new SkiffException(url + " is not the key index of a Skiff site; is " + ref.site() + " one?");
  }
}
