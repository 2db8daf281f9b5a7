package dev.skiff.registry.site.pages;

import dev.skiff.support.Counted;
import java.util.List;

/**
 * The site's home page: search, and the way to browse.
 *
 * @param namespaces how many namespaces the registry has
 * @param manifests how many tags in all
 * @param browsePages how many browse pages there are
 * @param keys the keys that may sign the registry's images, with their files on the site
 * @param signaturesRequired whether the registry takes only signed images
 * @param recent the images published last, newest first
 * @param owners the owners, by name, with what they hold
 */
public record HomePage(String root, String title, int namespaces, int manifests, int browsePages, List<Signer> keys,
    boolean signaturesRequired, List<RecentImage> recent, List<OwnerSummary> owners) {
  /** "1 namespace, 2 tags.", as people read counts. */
  public String counts() {
    return Counted.of(namespaces, "namespace") + ", " + Counted.of(manifests, "tag") + ".";
  }
}
