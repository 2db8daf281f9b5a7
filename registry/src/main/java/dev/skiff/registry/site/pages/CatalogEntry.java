package dev.skiff.registry.site.pages;

import java.util.List;

/**
 * One namespace as the catalog, the browse pages and the search know it.
 *
 * @param name {@code owner/name}
 * @param description the collection's description, shortened for lists
 * @param tags its tags, in order
 * @param labels its images' labels as {@code key=value}, distinct, in order, a bounded number
 * @param recent its latest publications, newest first, a bounded number: the home page's list and
 *     the registry's feed, kept here so an incremental render has them for every namespace
 */
public record CatalogEntry(String name, String description, List<String> tags, List<String> labels,
    List<Published> recent) {
  /** Copies the lists. */
  public CatalogEntry {
    tags = List.copyOf(tags);
    labels = List.copyOf(labels);
    recent = List.copyOf(recent);
  }

  /**
   * A tag's image, when the registry got it.
   *
   * @param tag the tag
   * @param digest the image's digest
   * @param size its size in bytes
   * @param published when, as an ISO-8601 instant
   */
  public record Published(String tag, String digest, long size, String published) {}
}
