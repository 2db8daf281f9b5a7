package dev.skiff.registry.verify;

import dev.skiff.model.Namespace;
import dev.skiff.registry.RegistryLayout;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The namespace guard: every path a pull request touches must be a plain registry file inside
 * the namespace its branch may change, from a repository (and, where the rules say, an author)
 * allowed to change it. Names are compared as GitHub and case-insensitive hosts compare them.
 */
final class PathChecks {
  static final String NAMESPACE = "namespace";
  static final String PATH = "path";
  static final String LAYOUT = "layout";
  static final String ORIGIN = "origin";

  private final RegistryRules rules;
  private final String branch;
  private final VerifyRequest.Origin origin;
  private final Optional<Namespace> branchNamespace;
  /** Every file and folder path of the merge result, by its folded form, as spelled. */
  private final Map<String, Set<String>> spellings = new HashMap<>();

  PathChecks(RegistryRules rules, String branch, List<String> mergedPaths, VerifyRequest.Origin origin) {
    this.rules = rules;
    this.branch = branch;
    this.origin = origin;
    this.branchNamespace = RegistryLayout.namespaceOfBranch(rules.branchPrefix(), branch);
    for (String path : mergedPaths) {
      for (String prefix : prefixes(path)) {
        spellings.computeIfAbsent(fold(prefix), k -> new HashSet<>()).add(prefix);
      }
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
      findings.add(Finding.fail(path, NAMESPACE, verb(change) + " a file outside any namespace; " + (path.startsWith(
          RegistryLayout.SETTINGS_FOLDER) ? RegistryLayout.SETTINGS_FOLDER + " holds the registry's rules and the keys"
          + " that may sign its images, which" : "site layouts, workflows and configuration")
          + " change only through the registry's maintainers"));
      return findings;
    }
    if (!allowed(namespace.get())) {
      findings.add(Finding.fail(path, NAMESPACE, verb(change) + " a file of namespace " + namespace.get()
          + ", but branch " + branch + " may change only " + allowedDescription()));
    }
    originProblem(namespace.get()).ifPresent(why -> findings.add(Finding.fail(path, ORIGIN, why)));
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
    List<String> granted = rules.branchesFor(namespace.toString());
    if (granted != null) {
      return granted.contains(branch);
    }
    return branchNamespace.map(ns -> ns.toString().equalsIgnoreCase(namespace.toString())).orElse(false);
  }

  /**
   * Why the pull request's origin may not change the namespace: a head repository that is neither
   * the registry nor a fork the rules name, or an author the rules do not bind to the namespace.
   */
  private Optional<String> originProblem(Namespace namespace) {
    Optional<String> head = origin.headRepository().map(r -> r.toLowerCase(Locale.ROOT));
    if (head.isPresent() && !origin.registry().map(r -> r.equalsIgnoreCase(head.get())).orElse(false)
        && !rules.forks().contains(head.get())) {
      return Optional.of("the pull request comes from " + origin.headRepository().get() + ", which may not change"
          + " namespaces: only the registry repository itself" + origin.registry().map(r -> " (" + r + ")").orElse("")
          + " and the forks named by forks: in " + RegistryRules.FILE + " may");
    }
    Set<String> authors = rules.authors().get(namespace.toString().toLowerCase(Locale.ROOT));
    if (authors != null) {
      if (origin.author().isEmpty()) {
        return Optional.of("namespace " + namespace + " may be changed only by " + String.join(", ", authors)
            + ", and the pull request's author is not known (--author)");
      }
      if (!authors.contains(origin.author().get().toLowerCase(Locale.ROOT))) {
        return Optional.of("namespace " + namespace + " may be changed only by " + String.join(", ", authors)
            + ", not by " + origin.author().get());
      }
    }
    return Optional.empty();
  }

  private String allowedDescription() {
    List<String> granted = new ArrayList<>();
    branchNamespace.filter(ns -> rules.branchesFor(ns.toString()) == null).ifPresent(ns -> granted.add(ns + "/"));
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

  /** Another spelling, in the merge result, of the path or of one of its folders. */
  private Optional<String> collision(String path) {
    for (String prefix : prefixes(path)) {
      Optional<String> other = spellings.getOrDefault(fold(prefix), Set.of()).stream()
          .filter(spelled -> !spelled.equals(prefix)).sorted().findFirst();
      if (other.isPresent()) {
        return other;
      }
    }
    return Optional.empty();
  }

  /** The path's folders, outermost first, then the path: a/, a/b/, a/b/c. */
  private static List<String> prefixes(String path) {
    List<String> prefixes = new ArrayList<>();
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      prefixes.add(path.substring(0, slash + 1));
    }
    prefixes.add(path);
    return prefixes;
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
