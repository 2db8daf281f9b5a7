package dev.skiff.publisher;

import dev.skiff.model.Tag;
import dev.skiff.registry.ManifestPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * How a namespace's manifest pages differ between two commits, by tag: what a commit message and a
 * pull request say.
 *
 * @param added tags that had no page
 * @param updated tags whose page names another image
 * @param rewritten tags whose page names the same image but says something else (its URL, its provenance)
 * @param removed tags whose page is gone, because their recipe is
 */
record PageChanges(List<Tag> added, List<Tag> updated, List<Tag> rewritten, List<Tag> removed) {
  static PageChanges between(SortedMap<Tag, String> before, SortedMap<Tag, String> after) {
    List<Tag> added = new ArrayList<>();
    List<Tag> updated = new ArrayList<>();
    List<Tag> rewritten = new ArrayList<>();
    List<Tag> removed = new ArrayList<>();
    for (Map.Entry<Tag, String> page : after.entrySet()) {
      String old = before.get(page.getKey());
      if (old == null) {
        added.add(page.getKey());
      } else if (!Objects.equals(ManifestPage.digestOf(old), ManifestPage.digestOf(page.getValue()))) {
        updated.add(page.getKey());
      } else if (!old.equals(page.getValue())) {
        rewritten.add(page.getKey());
      }
    }
    before.keySet().stream().filter(tag -> !after.containsKey(tag)).forEach(removed::add);
    return new PageChanges(added, updated, rewritten, removed);
  }

  boolean isEmpty() {
    return added.isEmpty() && updated.isEmpty() && rewritten.isEmpty() && removed.isEmpty();
  }

  /** One line per kind of change, such as {@code removed: old, older}; none when nothing changed. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    line(lines, "added", added);
    line(lines, "updated", updated);
    line(lines, "rewritten (same image)", rewritten);
    line(lines, "removed (recipe gone)", removed);
    return lines;
  }

  private static void line(List<String> lines, String what, List<Tag> tags) {
    if (!tags.isEmpty()) {
      lines.add(what + ": " + String.join(", ", tags.stream().map(Tag::value).toList()));
    }
  }
}
