package dev.skiff.registry.site.pages;

import java.util.List;

/**
 * One owner's page, {@code <owner>/index.html}: its namespaces with their descriptions, tags and
 * last update.
 *
 * @param root the way back to the site's root ({@code ../})
 * @param owner the owner's name
 * @param counts its namespaces and tags, in words
 * @param namespaces its namespaces, by name
 */
public record OwnerPage(String root, String owner, String counts, List<Entry> namespaces) {
  /** Copies the namespaces. */
  public OwnerPage {
    namespaces = List.copyOf(namespaces);
  }

  /**
   * One namespace of the owner.
   *
   * @param name {@code owner/name}
   * @param href its page, relative to the owner's page
   * @param description its description, shortened
   * @param tags its tags
   * @param updated when it last got an image, for people; empty when not known
   */
  public record Entry(String name, String href, String description, List<String> tags, String updated) {
    /** Copies the tags. */
    public Entry {
      tags = List.copyOf(tags);
    }
  }
}
