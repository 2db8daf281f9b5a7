package dev.skiff.registry.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a registry allows, from its optional {@code .skiff/registry.yml}, read from the pull
 * request's base so that a pull request can never loosen the rules it is checked against.
 *
 * <pre>
 * branch-prefix: update/
 * max-file-size: 65536
 * url-schemes: [https]
 * content-types: [application/octet-stream]
 * namespaces:
 *   myorg/centos: [update/myorg/centos, centos-images]
 * </pre>
 *
 * @param branchPrefix the prefix before OWNER/NAME in pull request branch names
 * @param maxFileSize the largest file a pull request may add, in bytes
 * @param urlSchemes the schemes layer URLs may use
 * @param contentTypes the content types blob servers may answer with
 * @param namespaceBranches per namespace, the branches allowed to change it (instead of the convention)
 */
public record RegistryRules(
    String branchPrefix,
    long maxFileSize,
    Set<String> urlSchemes,
    Set<String> contentTypes,
    Map<String, List<String>> namespaceBranches) {

  public static final String FILE = ".skiff/registry.yml";
  public static final long DEFAULT_MAX_FILE_SIZE = 64 * 1024;
  public static final Set<String> DEFAULT_CONTENT_TYPES = Set.of("application/octet-stream", "binary/octet-stream",
      "application/x-sif", "application/vnd.sylabs.sif.layer.v1.sif");

  public RegistryRules {
    urlSchemes = Set.copyOf(urlSchemes);
    contentTypes = Set.copyOf(contentTypes);
    namespaceBranches = Map.copyOf(namespaceBranches);
  }

  public static RegistryRules defaults() {
    return new RegistryRules(RegistryLayout.DEFAULT_BRANCH_PREFIX, DEFAULT_MAX_FILE_SIZE, Set.of("https"), DEFAULT_CONTENT_TYPES, Map.of());
  }

  /** Parses the rules file's text; unknown keys are refused so that a typo does not weaken a rule. */
  public static RegistryRules parse(String yaml) throws SkiffException {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(yaml);
    } catch (IOException e) {
      throw new SkiffException(FILE + ": not valid YAML: " + e.getMessage());
    }
    RegistryRules defaults = defaults();
    if (root == null || root.isNull() || root.isMissingNode()) {
      return defaults;
    }
    if (!root.isObject()) {
      throw new SkiffException(FILE + ": expected a mapping of rules");
    }
    Set<String> known = Set.of("branch-prefix", "max-file-size", "url-schemes", "content-types", "namespaces");
    for (String key : iterable(root)) {
      if (!known.contains(key)) {
        throw new SkiffException(FILE + ": unknown rule '" + key + "'; known rules: " + new TreeSet<>(known));
      }
    }
    Map<String, List<String>> namespaces = new LinkedHashMap<>();
    JsonNode ns = root.path("namespaces");
    for (String name : iterable(ns)) {
      namespaces.put(name, strings(ns.get(name), "namespaces." + name));
    }
    return new RegistryRules(
        root.path("branch-prefix").asText(defaults.branchPrefix()),
        root.has("max-file-size") ? positive(root.get("max-file-size")) : defaults.maxFileSize(),
        root.has("url-schemes") ? new TreeSet<>(strings(root.get("url-schemes"), "url-schemes")) : defaults.urlSchemes(),
        root.has("content-types") ? new TreeSet<>(strings(root.get("content-types"), "content-types"))
            : defaults.contentTypes(),
        namespaces);
  }

  private static long positive(JsonNode node) throws SkiffException {
    if (!node.canConvertToLong() || node.asLong() <= 0) {
      throw new SkiffException(FILE + ": max-file-size must be a positive number of bytes");
    }
    return node.asLong();
  }

  private static List<String> strings(JsonNode node, String key) throws SkiffException {
    if (node == null || !node.isArray()) {
      throw new SkiffException(FILE + ": " + key + " must be a list");
    }
    List<String> values = new ArrayList<>();
    node.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static List<String> iterable(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
