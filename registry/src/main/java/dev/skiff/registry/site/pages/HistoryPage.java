package dev.skiff.registry.site.pages;

import java.util.List;

/**
 * A namespace's history, {@code <owner>/<name>/history.html}: each tag's images, so that a user
 * can see when a tag moved and pin an earlier digest.
 *
 * @param root the way back to the site's root ({@code ../../})
 * @param name {@code owner/name}
 * @param tags each tag's images
 */
public record HistoryPage(String root, String name, List<TagHistory> tags) {
  /** Copies the tags. */
  public HistoryPage {
    tags = List.copyOf(tags);
  }
}
