package dev.skiff.registry.verify;

import dev.skiff.model.Namespace;
import dev.skiff.registry.RegistryLayout;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The namespace guard: every path a pull request touches must be a plain registry file inside
 * the namespace its branch may change.
 */
final class PathChecks {
  static final String NAMESPACE = "namespace";
  static final String PATH = "path";
  static final String LAYOUT = "layout";

  private final RegistryRules rules;
  private final String branch;
  private final Optional<Namespace> branchNamespace;
  private final Map<String, List<String>> foldedHeadPaths = new HashMap<>();

  PathChecks(RegistryRules rules, String branch, List<String> headPaths) {
    this.rules = rules;
    this.branch = branch;
    this.branchNamespace = RegistryLayout.namespaceOfBranch(rules.branchPrefix(), branch);
    for (String path : headPaths) {
      foldedHeadPaths.computeIfAbsent(fold(path), k -> new ArrayList<>()).add(path);
    }
  }

  Optional<Namespace> branchNamespace() {
    return branchNamespace;
  }

  List<Finding> check(Change change) {
    List<Finding> findings = new ArrayList<>();
    String path = change.path();
    unsafe(path).ifPresent(why -> findings.add(Finding.fail(path, PATH, why)));
    if (change.kind() != Change.Kind.DELETE) {
      collision(path).ifPresent(other -> findings.add(Finding.fail(path, PATH,
          "collides with " + other + " when case is folded or unicode is normalized")));
      change.type().ifPresent(type -> entryType(type).ifPresent(why -> findings.add(Finding.fail(path, PATH, why))));
      if (change.size() > rules.maxFileSize()) {
        findings.add(Finding.fail(path, PATH, "is " + change.size() + " bytes, above the registry's limit of "
            + rules.maxFileSize()));
      }
    }
    Optional<Namespace> namespace = RegistryLayout.namespaceOf(path);
    if (namespace.isEmpty()) {
      findings.add(Finding.fail(path, NAMESPACE, verb(change) + " a file outside any namespace; site layouts,"
          + " workflows and configuration change only through the registry's maintainers"));
      return findings;
    }
    if (!allowed(namespace.get())) {
      findings.add(Finding.fail(path, NAMESPACE, verb(change) + " a file of namespace " + namespace.get()
          + ", but branch " + branch + " may change only " + allowedDescription()));
    }
    if (change.kind() != Change.Kind.DELETE && RegistryLayout.parse(path).isEmpty()) {
      findings.add(Finding.fail(path, LAYOUT, "is not part of the registry layout (<owner>/<name>/README.md,"
          + " tags/README.md, manifests/<tag>/README.md)"));
    }
    if (findings.isEmpty()) {
      findings.add(Finding.pass(path, NAMESPACE, verb(change) + " in namespace " + namespace.get()));
    }
    return findings;
  }

  private boolean allowed(Namespace namespace) {
    List<String> granted = rules.namespaceBranches().get(namespace.toString());
    if (granted != null) {
      return granted.contains(branch);
    }
    return branchNamespace.map(namespace::equals).orElse(false);
  }

  private String allowedDescription() {
    List<String> granted = new ArrayList<>();
    branchNamespace.filter(ns -> !rules.namespaceBranches().containsKey(ns.toString()))
        .ifPresent(ns -> granted.add(ns + "/"));
    rules.namespaceBranches().forEach((ns, branches) -> {
      if (branches.contains(branch)) {
        granted.add(ns + "/");
      }
    });
    return granted.isEmpty() ? "nothing (the branch does not name a namespace: expected " + rules.branchPrefix()
        + "OWNER/NAME)" : String.join(", ", granted);
  }

  private static String verb(Change change) {
    return switch (change.kind()) {
      case ADD -> "adds";
      case MODIFY -> "changes";
      case DELETE -> "deletes";
    };
  }

  private static Optional<String> unsafe(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        return Optional.of("path contains a control character (U+" + String.format("%04X", (int) c) + ")");
      }
    }
    if (path.contains("\\")) {
      return Optional.of("path contains a backslash");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return Optional.of("path contains a '" + segment + "' segment");
      }
    }
    return Optional.empty();
  }

  private Optional<String> collision(String path) {
    return foldedHeadPaths.getOrDefault(fold(path), List.of()).stream().filter(other -> !other.equals(path)).findFirst();
  }

  private static Optional<String> entryType(Change.EntryType type) {
    return switch (type) {
      case SYMLINK -> Optional.of("is a symbolic link; the registry holds only regular files");
      case SUBMODULE -> Optional.of("is a submodule; the registry holds only regular files");
      case EXECUTABLE -> Optional.of("is executable; the registry holds only regular, non-executable files");
      case TREE -> Optional.of("is not a regular file");
      case FILE -> Optional.empty();
    };
  }

  /** Paths that a case-insensitive or normalizing file system (or web server) would take for one. */
  static String fold(String path) {
    return Normalizer.normalize(path, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }
}
