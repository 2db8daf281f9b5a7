package dev.skiff.registry.site;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code skiff site} renders, and where.
 *
 * @param registry the registry repository: a folder (bare or with a working tree) or a git URL
 * @param rev the revision to render; empty for HEAD
 * @param out the output folder: new, empty, or written by an earlier render
 * @param baseUrl where the site is served, for the pull commands on its pages; empty to show only
 *     the commands that need no address of the site
 * @param since render only what changed since this revision, over the earlier render in
 *     {@code out}; empty to do that from the revision {@code out} records, when it records one
 * @param force write into a folder that holds other files
 */
public record SiteRequest(String registry, Optional<String> rev, Path out, Optional<String> baseUrl,
    Optional<String> since, boolean force) {

  /** Checks that the registry and output folder are given. */
  public SiteRequest {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(out, "out");
  }

  /** A full render of HEAD of {@code registry} into {@code out}. */
  public static SiteRequest of(String registry, Path out) {
    return new SiteRequest(registry, Optional.empty(), out, Optional.empty(), Optional.empty(), false);
  }

  /** This request for another revision of the registry. */
  public SiteRequest withRev(String revision) {
    return new SiteRequest(registry, Optional.of(revision), out, baseUrl, since, force);
  }

  /** This request for a site served under another URL. */
  public SiteRequest withBaseUrl(String url) {
    return new SiteRequest(registry, rev, out, Optional.of(url), since, force);
  }

  /** This request rendering only what changed since a revision. */
  public SiteRequest withSince(String revision) {
    return new SiteRequest(registry, rev, out, baseUrl, Optional.of(revision), force);
  }

  /** This request, allowed (or not) to overwrite a folder that is not a site. */
  public SiteRequest withForce(boolean overwrite) {
    return new SiteRequest(registry, rev, out, baseUrl, since, overwrite);
  }
}
