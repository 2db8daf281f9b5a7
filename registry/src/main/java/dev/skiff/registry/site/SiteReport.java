package dev.skiff.registry.site;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a render did.
 *
 * @param revision the commit rendered
 * @param out the site's folder
 * @param namespaces how many namespaces the site has
 * @param manifests how many tags it has
 * @param rendered how many namespaces this render wrote (all, or the changed ones)
 * @param incremental whether only what changed since an earlier render was written
 * @param skipped the pages that could not be read, each with why; they are left out of the site
 * @param took how long it took
 */
public record SiteReport(String revision, Path out, int namespaces, int manifests, int rendered, boolean incremental,
    List<SkippedPage> skipped, Duration took) {

  /** Copies the list. */
  public SiteReport {
    skipped = List.copyOf(skipped);
  }

  /** A page left out of the site, and why. */
  public record SkippedPage(String path, String reason) {}

  /** True when every page was read. */
  public boolean complete() {
    return skipped.isEmpty();
  }
}
