package dev.skiff.model;

import java.util.regex.Pattern;

/**
 * The {@code owner/name} of a source repository; the folder of its manifests in the registry and
 * the prefix of its blobs in storage.
 */
public record Namespace(String owner, String name) {
  // GitHub's rules for owners; names as GitHub, GitLab and CircleCI allow them.
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

  /**
   * Owners that are folders of the registry's site, not namespaces: {@code skiff site} serves
   * Apptainer's {@code shub://} API under {@code api/} and the OCI tree under {@code v2/} (its own
   * files go under {@code _skiff/}, which no owner can spell). Compared ignoring case, as case-blind
   * file systems and hosts do. The one list: verify, run and the site all refuse these through here.
   */
  public static final java.util.Set<String> RESERVED_OWNERS = java.util.Set.of("api", "v2");

  /** Checks the owner and name: letters, digits and the separators the registry allows, no reserved owner. */
  public Namespace {
    if (owner == null || !OWNER.matcher(owner).matches()) {
      throw new InvalidReferenceException(
          "invalid namespace owner '" + owner + "': use letters, digits and '-', at most 39");
    }
    if (RESERVED_OWNERS.contains(owner.toLowerCase(java.util.Locale.ROOT))) {
      throw new InvalidReferenceException("invalid namespace owner '" + owner + "': the registry's site serves its"
          + " own files under /" + owner.toLowerCase(java.util.Locale.ROOT) + "/ (reserved: "
          + String.join(", ", new java.util.TreeSet<>(RESERVED_OWNERS)) + ")");
    }
    // Static hosts and Jekyll do not serve folders whose names start with '.' or '_'.
    if (name == null || !NAME.matcher(name).matches() || name.startsWith(".") || name.startsWith("_")) {
      throw new InvalidReferenceException(
          "invalid namespace name '" + name + "': use letters, digits, '.', '_' and '-', not first '.' or '_'");
    }
  }

  /** Parses {@code owner/name}. */
  public static Namespace parse(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash < 0 || text.indexOf('/', slash + 1) >= 0) {
      throw new InvalidReferenceException("invalid namespace '" + text + "': expected OWNER/NAME");
    }
    return new Namespace(text.substring(0, slash), text.substring(slash + 1));
  }

  @Override
  public String toString() {
    return owner + "/" + name;
  }
}
