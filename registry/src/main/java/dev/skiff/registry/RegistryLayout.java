package dev.skiff.registry;

import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;
import java.util.Optional;

/**
 * Where things live in a registry repository, compatible with the existing Jekyll registries:
 * {@code <owner>/<name>/README.md} (collection), {@code .../tags/README.md} (tag list) and
 * {@code .../manifests/<tag>/README.md} (one manifest per tag); and the branch each namespace's
 * pull requests come from. The one place that writes these paths and reads them back.
 */
public final class RegistryLayout {
  /** The file name of every page. */
  public static final String PAGE = "README.md";
  /** The branch of a namespace's pull requests is this prefix and {@code OWNER/NAME}, unless configured. */
  public static final String DEFAULT_BRANCH_PREFIX = "update/";
  /** A registry page is front matter of a few hundred bytes; a file above this is no page, and is not read. */
  public static final long MAX_PAGE_BYTES = 1 << 20;
  /** The registry's own rules, which {@code skiff registry init} writes. */
  public static final String RULES_FILE = ".skiff/registry.yml";
  /** The folder of the public keys that may sign images, armored, one {@code .asc} file per key. */
  public static final String KEYS_FOLDER = ".skiff/keys/";
  /** The folder of the registry's own settings: rules and keys, which only its maintainers change. */
  public static final String SETTINGS_FOLDER = ".skiff/";
  private static final String TAGS = "tags";
  private static final String MANIFESTS = "manifests";

  private RegistryLayout() {}

  /** What a registry path is: one of the three pages, with its namespace and (for a manifest) tag. */
  public enum PageKind {
    /** A collection's page: its description. */
    COLLECTION,
    /** A collection's list of tags. */
    TAGS,
    /** One tag's manifest. */
    MANIFEST
  }

  /** A path of the layout, read back. */
  public record PagePath(Namespace namespace, PageKind kind, Optional<Tag> tag) {}

  /** The path of a collection's page. */
  public static String collection(Namespace namespace) {
    return namespace + "/" + PAGE;
  }

  /** The path of a collection's tag list. */
  public static String tags(Namespace namespace) {
    return namespace + "/" + TAGS + "/" + PAGE;
  }

  /** The folder holding one folder per tag, without a trailing slash. */
  public static String manifestsFolder(Namespace namespace) {
    return namespace + "/" + MANIFESTS;
  }

  /** The path of a tag's manifest page. */
  public static String manifest(Namespace namespace, Tag tag) {
    return namespace + "/" + MANIFESTS + "/" + tag + "/" + PAGE;
  }

  /**
   * The folder a page lies in, with its trailing slash: the path at which the registry sites serve
   * what the page holds ({@code lab/tool/manifests/latest/} for its manifest page).
   */
  public static String folderOf(String pagePath) {
    if (!pagePath.endsWith("/" + PAGE)) {
      throw new IllegalArgumentException("not a page of the layout: " + pagePath);
    }
    return pagePath.substring(0, pagePath.length() - PAGE.length());
  }

  /** The namespace a path lies in, when its first two segments make a valid one. */
  public static Optional<Namespace> namespaceOf(String path) {
    String[] parts = path.split("/", -1);
    if (parts.length < 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Namespace(parts[0], parts[1]));
    } catch (InvalidReferenceException e) {
      return Optional.empty();
    }
  }

  /** The page a path names, or empty when it is not one of the layout's pages. */
  public static Optional<PagePath> parse(String path) {
    Optional<Namespace> namespace = namespaceOf(path);
    if (namespace.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = path.split("/", -1);
    if (parts.length == 3 && parts[2].equals(PAGE)) {
      return Optional.of(new PagePath(namespace.get(), PageKind.COLLECTION, Optional.empty()));
    }
    if (parts.length == 4 && parts[2].equals(TAGS) && parts[3].equals(PAGE)) {
      return Optional.of(new PagePath(namespace.get(), PageKind.TAGS, Optional.empty()));
    }
    if (parts.length == 5 && parts[2].equals(MANIFESTS) && parts[4].equals(PAGE)) {
      try {
        return Optional.of(new PagePath(namespace.get(), PageKind.MANIFEST, Optional.of(Tag.of(parts[3]))));
      } catch (InvalidReferenceException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The branch a namespace's changes are proposed on: {@code update/myorg/centos}. */
  public static String branch(String prefix, Namespace namespace) {
    return prefix + namespace;
  }

  /**
   * Whether a namespace pattern of the registry's rules names a namespace: {@code OWNER/NAME}
   * itself, {@code OWNER/*} every namespace of the owner, {@code *} every namespace; without regard
   * to case, as GitHub compares names.
   */
  public static boolean namespaceMatches(String pattern, String namespace) {
    String name = namespace.toLowerCase(java.util.Locale.ROOT);
    String wanted = pattern.toLowerCase(java.util.Locale.ROOT);
    return wanted.equals("*") || wanted.equals(name)
        || (wanted.endsWith("/*") && name.startsWith(wanted.substring(0, wanted.length() - 1)));
  }

  /** The namespace a branch name encodes by that convention, if it does. */
  public static Optional<Namespace> namespaceOfBranch(String prefix, String branch) {
    if (branch == null || !branch.startsWith(prefix)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Namespace.parse(branch.substring(prefix.length())));
    } catch (InvalidReferenceException e) {
      return Optional.empty();
    }
  }
}
