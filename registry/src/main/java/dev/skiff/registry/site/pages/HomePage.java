package dev.skiff.registry.site.pages;

import dev.skiff.support.Counted;

/**
 * The site's home page: search, and the way to browse.
 *
 * @param namespaces how many namespaces the registry has
 * @param manifests how many tags in all
 * @param browsePages how many browse pages there are
 */
public record HomePage(String root, String title, int namespaces, int manifests, int browsePages) {
  /** "1 namespace, 2 tags.", as people read counts. */
  public String counts() {
    return Counted.of(namespaces, "namespace") + ", " + Counted.of(manifests, "tag") + ".";
  }
}
