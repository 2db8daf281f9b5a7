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

  public Namespace {
    if (owner == null || !OWNER.matcher(owner).matches()) {
      throw new InvalidReferenceException(
          "invalid namespace owner '" + owner + "': use letters, digits and '-', at most 39");
    }
    if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new InvalidReferenceException(
          "invalid namespace name '" + name + "': use letters, digits, '.', '_' and '-'");
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
