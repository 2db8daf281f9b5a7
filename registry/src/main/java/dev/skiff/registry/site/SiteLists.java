package dev.skiff.registry.site;

import dev.skiff.registry.site.pages.CatalogEntry;
import dev.skiff.registry.site.pages.OwnerPage;
import dev.skiff.registry.site.pages.OwnerSummary;
import dev.skiff.registry.site.pages.RecentImage;
import dev.skiff.support.Counted;
import dev.skiff.support.HumanBytes;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The lists of the whole site, made from every namespace's catalog entry (so that an incremental
 * render has them too): the images published last, the owners with their pages, and the
 * registry's feed.
 */
final class SiteLists {
  static final int RECENT_ON_HOME = 12;
  static final String FEED = "feed.xml";

  private final List<CatalogEntry> entries;
  private final PullCommands site;

  /** One publication of the whole registry, with its namespace. */
  private record Recent(String namespace, CatalogEntry.Published published, Instant when) {}

  SiteLists(List<CatalogEntry> entries, PullCommands site) {
    this.entries = entries;
    this.site = site;
  }

  /** Every namespace's latest publications, newest first. */
  private List<Recent> publications() {
    List<Recent> all = new ArrayList<>();
    for (CatalogEntry entry : entries) {
      for (CatalogEntry.Published published : entry.recent()) {
        time(published.published()).ifPresent(when -> all.add(new Recent(entry.name(), published, when)));
      }
    }
    all.sort(Comparator.comparing(Recent::when).reversed().thenComparing(Recent::namespace)
        .thenComparing(r -> r.published().tag()));
    return all;
  }

  List<RecentImage> recent() {
    return publications().stream().limit(RECENT_ON_HOME).map(r -> new RecentImage(r.namespace(),
        r.namespace() + "/#pull-" + r.published().tag(), r.published().tag(), NamespaceRenderer.minute(r.when()),
        HumanBytes.format(r.published().size()), shortDigest(r.published().digest()))).toList();
  }

  List<OwnerSummary> owners() {
    List<OwnerSummary> owners = new ArrayList<>();
    byOwner().forEach((owner, namespaces) -> owners.add(new OwnerSummary(owner, owner + "/", counts(namespaces))));
    return owners;
  }

  /**
   * Writes each owner's page; removes the page of an owner among {@code changed} that has no
   * namespace left.
   */
  void writeOwnerPages(SiteFiles files, Set<String> changed) throws IOException {
    Map<String, List<CatalogEntry>> owners = byOwner();
    for (Map.Entry<String, List<CatalogEntry>> owner : owners.entrySet()) {
      // A namespace called index.html would be a folder where the owner's page goes: it keeps its folder.
      if (owner.getValue().stream().noneMatch(e -> e.name().endsWith("/index.html"))) {
        files.write(owner.getKey() + "/index.html", Pages.owner(new OwnerPage("../", owner.getKey(),
            counts(owner.getValue()), owner.getValue().stream().map(SiteLists::ownerEntry).toList())));
      }
    }
    for (String owner : changed) {
      if (!owners.containsKey(owner)) {
        files.removeOwnerPage(owner);
      }
    }
  }

  private static OwnerPage.Entry ownerEntry(CatalogEntry entry) {
    String name = entry.name().substring(entry.name().indexOf('/') + 1);
    return new OwnerPage.Entry(entry.name(), name + "/", entry.description(), entry.tags(),
        entry.recent().stream().findFirst().flatMap(p -> time(p.published())).map(NamespaceRenderer::day).orElse(""));
  }

  void writeFeed(SiteFiles files, Instant renderedCommit) throws IOException {
    files.write(FEED, AtomFeed.write("urn:skiff:feed:registry", "New images", site.link(FEED, ""), site.link("", ""),
        publications().stream().limit(NamespaceRenderer.FEED_ENTRIES).map(r -> new AtomFeed.Entry(
            "urn:skiff:image:" + r.namespace() + ":" + r.published().tag() + ":" + r.published().digest(),
            r.namespace() + ":" + r.published().tag(), site.link(r.namespace() + "/#pull-" + r.published().tag(), ""),
            r.when(), r.published().digest() + ", " + HumanBytes.format(r.published().size()))).toList(),
        renderedCommit));
  }

  private Map<String, List<CatalogEntry>> byOwner() {
    Map<String, List<CatalogEntry>> owners = new TreeMap<>();
    for (CatalogEntry entry : entries) {
      owners.computeIfAbsent(entry.name().substring(0, entry.name().indexOf('/')), o -> new ArrayList<>()).add(entry);
    }
    return owners;
  }

  private static String counts(List<CatalogEntry> namespaces) {
    return Counted.of(namespaces.size(), "namespace") + ", "
        + Counted.of(namespaces.stream().mapToInt(e -> e.tags().size()).sum(), "tag");
  }

  private static String shortDigest(String digest) {
    String hex = digest.substring(digest.indexOf(':') + 1);
    return hex.substring(0, Math.min(12, hex.length()));
  }

  private static Optional<Instant> time(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
