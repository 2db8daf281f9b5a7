package dev.skiff.registry;

import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;

/**
 * Where things live in a registry repository, compatible with the existing Jekyll registries:
 * {@code <owner>/<name>/README.md} (collection), {@code .../tags/README.md} (tag list) and
 * {@code .../manifests/<tag>/README.md} (one manifest per tag).
 */
public final class RegistryLayout {
  public static final String PAGE = "README.md";

  private RegistryLayout() {}

  public static String collection(Namespace namespace) {
    return namespace + "/" + PAGE;
  }

  public static String tags(Namespace namespace) {
    return namespace + "/tags/" + PAGE;
  }

  public static String manifest(Namespace namespace, Tag tag) {
    return namespace + "/manifests/" + tag + "/" + PAGE;
  }
}
