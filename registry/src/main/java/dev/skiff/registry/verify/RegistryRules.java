package dev.skiff.registry.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.signing.KeyFingerprint;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.InertText;
import dev.skiff.support.ParserMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * What a registry allows, from its optional {@code .skiff/registry.yml}, read from the pull
 * request's base so that a pull request can never loosen the rules it is checked against.
 *
 * <pre>
 * branch-prefix: update/
 * max-file-size: 65536
 * url-schemes: [https]
 * content-types: [application/octet-stream]
 * allow-private-addresses: false
 * namespaces:
 *   myorg/centos: [update/myorg/centos, centos-images]
 * forks: [myorg-bot/registry]
 * authors:
 *   myorg/centos: [alice, bob]
 * page-keys:
 *   collection: [maintainer]
 * signatures: required
 * keys:
 *   myorg/*: [0123 4567 89AB CDEF 0123  4567 89AB CDEF 0123 4567]
 * </pre>
 *
 * <p>Namespaces, repositories and logins are compared as GitHub compares them, without regard to
 * case: they are kept in lower case here.
 *
 * @param branchPrefix the prefix before OWNER/NAME in pull request branch names
 * @param maxFileSize the largest file a pull request may add, in bytes
 * @param urlSchemes the schemes layer URLs may use
 * @param contentTypes the content types blob servers may answer with
 * @param namespaceBranches per namespace, the branches allowed to change it (instead of the convention)
 * @param allowPrivateAddresses whether blob URLs may lead to loopback, private, link-local or
 *     metadata addresses (internal registries, tests on loopback)
 * @param forks the repositories besides the registry itself whose pull requests may change namespaces
 * @param authors per namespace, the only logins whose pull requests may change it
 * @param pageKeys per page kind ({@link PageKeys#KINDS}), keys allowed beyond those Skiff writes
 * @param signaturesRequired whether every changed image must carry a valid signature ({@code
 *     signatures: required}); else ({@code optional}, the default) a signed image's signatures must
 *     hold, and an unsigned image passes
 * @param keys per namespace pattern ({@code OWNER/NAME}, {@code OWNER/*}, {@code *}), the keys that may
 *     sign its images; a namespace no pattern matches may be signed by any key in {@code .skiff/keys/}
 */
public record RegistryRules(
    String branchPrefix,
    long maxFileSize,
    Set<String> urlSchemes,
    Set<String> contentTypes,
    Map<String, List<String>> namespaceBranches,
    boolean allowPrivateAddresses,
    Set<String> forks,
    Map<String, Set<String>> authors,
    Map<String, Set<String>> pageKeys,
    boolean signaturesRequired,
    Map<String, Set<KeyFingerprint>> keys) {

  /** The file in the registry that holds its rules. */
  public static final String FILE = RegistryLayout.RULES_FILE;
  /** The largest page a pull request may add, unless the rules say otherwise. */
  public static final long DEFAULT_MAX_FILE_SIZE = 64 * 1024;
  /** The content types an image may be served with, unless the rules say otherwise. */
  public static final Set<String> DEFAULT_CONTENT_TYPES = Set.of("application/octet-stream", "binary/octet-stream",
      "application/x-sif", "application/vnd.sylabs.sif.layer.v1.sif");
  private static final Set<String> KNOWN = Set.of("branch-prefix", "max-file-size", "url-schemes", "content-types",
      "namespaces", "allow-private-addresses", "forks", "authors", "page-keys", "signatures", "keys");
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** Copies the sets and maps. */
  public RegistryRules {
    urlSchemes = Set.copyOf(urlSchemes);
    contentTypes = Set.copyOf(contentTypes);
    namespaceBranches = Map.copyOf(namespaceBranches);
    forks = Set.copyOf(forks);
    authors = Map.copyOf(authors);
    pageKeys = Map.copyOf(pageKeys);
    keys = Map.copyOf(keys);
  }

  /** The rules of a registry without a rules file. */
  public static RegistryRules defaults() {
    return new RegistryRules(RegistryLayout.DEFAULT_BRANCH_PREFIX, DEFAULT_MAX_FILE_SIZE, Set.of("https"),
        DEFAULT_CONTENT_TYPES, Map.of(), false, Set.of(), Map.of(), Map.of(), false, Map.of());
  }

  /**
   * The keys the rules bind to a namespace: those of every pattern that matches it; empty when no
   * pattern does, and any key of the registry may sign its images.
   */
  public Optional<Set<KeyFingerprint>> keysFor(String namespace) {
    Set<KeyFingerprint> bound = new TreeSet<>(java.util.Comparator.comparing(KeyFingerprint::hex));
    boolean matched = false;
    for (Map.Entry<String, Set<KeyFingerprint>> entry : keys.entrySet()) {
      if (RegistryLayout.namespaceMatches(entry.getKey(), namespace)) {
        bound.addAll(entry.getValue());
        matched = true;
      }
    }
    return matched ? Optional.of(bound) : Optional.empty();
  }

  /** The branches the rules let change a namespace, if they name it. */
  List<String> branchesFor(String namespace) {
    return namespaceBranches.get(namespace.toLowerCase(Locale.ROOT));
  }

  /** The rules of a registry at a tree (a pull request's base, a rendered commit): its rules file, else the defaults. */
  public static RegistryRules at(ObjectReader reader, RevTree tree) throws SkiffException, IOException {
    try (TreeWalk walk = TreeWalk.forPath(reader, FILE, tree)) {
      if (walk == null) {
        return defaults();
      }
      return parse(new String(reader.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * Parses the rules file's text; unknown keys are refused so that a typo does not weaken a rule,
   * and so is a key given twice.
   */
  public static RegistryRules parse(String yaml) throws SkiffException {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new SkiffException(FILE + (e.getLocation() != null && e.getLocation().getLineNr() > 0
          ? ":" + e.getLocation().getLineNr() : "") + ": not valid YAML: " + ParserMessages.oneLine(e.getOriginalMessage()));
    }
    RegistryRules defaults = defaults();
    if (root == null || root.isNull() || root.isMissingNode()) {
      return defaults;
    }
    if (!root.isObject()) {
      throw new SkiffException(FILE + ": expected a mapping of rules");
    }
    for (String key : names(root)) {
      if (!KNOWN.contains(key)) {
        throw new SkiffException(FILE + ": unknown rule '" + InertText.of(key) + "'; known rules: " + new TreeSet<>(KNOWN));
      }
    }
    Map<String, List<String>> namespaces = new LinkedHashMap<>();
    JsonNode ns = mapping(root, "namespaces");
    for (String name : names(ns)) {
      namespaces.put(name.toLowerCase(Locale.ROOT), strings(ns.get(name), "namespaces." + name));
    }
    Map<String, Set<String>> authors = new LinkedHashMap<>();
    JsonNode byNamespace = mapping(root, "authors");
    for (String name : names(byNamespace)) {
      authors.put(name.toLowerCase(Locale.ROOT), lowerCase(strings(byNamespace.get(name), "authors." + name)));
    }
    Map<String, Set<String>> pageKeys = new LinkedHashMap<>();
    JsonNode byKind = mapping(root, "page-keys");
    for (String kind : names(byKind)) {
      if (!PageKeys.KINDS.contains(kind)) {
        throw new SkiffException(FILE + ": page-keys." + InertText.of(kind) + ": no such page kind; kinds: " + PageKeys.KINDS);
      }
      pageKeys.put(kind, Set.copyOf(strings(byKind.get(kind), "page-keys." + kind)));
    }
    Map<String, Set<KeyFingerprint>> keys = new LinkedHashMap<>();
    JsonNode byPattern = mapping(root, "keys");
    for (String pattern : names(byPattern)) {
      String lower = pattern.toLowerCase(Locale.ROOT);
      if (!lower.equals("*") && !lower.matches("[^/*\\s]+/(\\*|[^/*\\s]+)")) {
        throw new SkiffException(FILE + ": keys." + InertText.of(pattern) + ": not a namespace pattern; write OWNER/NAME, OWNER/* or *");
      }
      Set<KeyFingerprint> fingerprints = new TreeSet<>(java.util.Comparator.comparing(KeyFingerprint::hex));
      for (String text : strings(byPattern.get(pattern), "keys." + pattern)) {
        fingerprints.add(KeyFingerprint.parse(text).orElseThrow(() -> new SkiffException(FILE + ": keys."
            + InertText.of(pattern) + ": '" + InertText.of(text) + "' is not a key fingerprint (40 hex digits, as gpg --fingerprint prints it)")));
      }
      keys.put(lower, fingerprints);
    }
    JsonNode signatures = root.path("signatures");
    if (!signatures.isMissingNode() && !(signatures.isTextual()
        && (signatures.asText().equals("required") || signatures.asText().equals("optional")))) {
      throw new SkiffException(FILE + ": signatures must be required or optional");
    }
    JsonNode privateAddresses = root.path("allow-private-addresses");
    if (!privateAddresses.isMissingNode() && !privateAddresses.isBoolean()) {
      throw new SkiffException(FILE + ": allow-private-addresses must be true or false");
    }
    return new RegistryRules(
        root.has("branch-prefix") ? text(root.get("branch-prefix"), "branch-prefix") : defaults.branchPrefix(),
        root.has("max-file-size") ? positive(root.get("max-file-size")) : defaults.maxFileSize(),
        root.has("url-schemes") ? new TreeSet<>(strings(root.get("url-schemes"), "url-schemes")) : defaults.urlSchemes(),
        root.has("content-types") ? new TreeSet<>(strings(root.get("content-types"), "content-types"))
            : defaults.contentTypes(),
        namespaces,
        privateAddresses.asBoolean(false),
        root.has("forks") ? lowerCase(strings(root.get("forks"), "forks")) : Set.of(),
        authors,
        pageKeys,
        signatures.asText("optional").equals("required"),
        keys);
  }

  private static JsonNode mapping(JsonNode root, String key) throws SkiffException {
    JsonNode node = root.path(key);
    if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
      throw new SkiffException(FILE + ": " + InertText.of(key) + " must be a mapping");
    }
    return node;
  }

  private static String text(JsonNode node, String key) throws SkiffException {
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new SkiffException(FILE + ": " + InertText.of(key) + " must be text");
    }
    return node.asText();
  }

  private static long positive(JsonNode node) throws SkiffException {
    if (!node.canConvertToLong() || node.asLong() <= 0) {
      throw new SkiffException(FILE + ": max-file-size must be a positive number of bytes");
    }
    return node.asLong();
  }

  private static List<String> strings(JsonNode node, String key) throws SkiffException {
    if (node == null || !node.isArray()) {
      throw new SkiffException(FILE + ": " + InertText.of(key) + " must be a list");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode value : node) {
      if (!value.isValueNode() || value.isNull()) {
        throw new SkiffException(FILE + ": " + InertText.of(key) + " must be a list of names");
      }
      values.add(value.asText());
    }
    return values;
  }

  private static Set<String> lowerCase(List<String> values) {
    Set<String> lower = new TreeSet<>();
    values.forEach(v -> lower.add(v.toLowerCase(Locale.ROOT)));
    return lower;
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
