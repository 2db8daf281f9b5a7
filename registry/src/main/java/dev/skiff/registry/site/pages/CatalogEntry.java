package dev.skiff.registry.site.pages;

import java.util.List;

/**
 * One namespace as the catalog, the browse pages and the search know it.
 *
 * @param name {@code owner/name}
 * @param description the collection's description, shortened for lists
 * @param tags its tags, in order
 * @param labels its images' labels as {@code key=value}, distinct, in order, a bounded number
 */
public record CatalogEntry(String name, String description, List<String> tags, List<String> labels) {
  public CatalogEntry {
    tags = List.copyOf(tags);
    labels = List.copyOf(labels);
  }
}
