package dev.skiff.registry.site.pages;

import java.util.List;

/**
 * A tag's images, newest (the current one) first.
 *
 * @param tag the tag
 * @param rows its images
 */
public record TagHistory(String tag, List<HistoryRow> rows) {
  /** Copies the rows. */
  public TagHistory {
    rows = List.copyOf(rows);
  }
}
