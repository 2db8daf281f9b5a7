package dev.skiff.registry.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.registry.CollectionPage;
import dev.skiff.registry.ManifestPage;
import dev.skiff.registry.PageText;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.support.InertText;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Which keys a page may have, and what its text may say. A site generator acts on keys Skiff does
 * not write ({@code permalink} moves a page to another namespace's URL, {@code redirect_from},
 * {@code layout} of another kind...), so every key is refused but those Skiff writes and those the
 * rules add; and since site layouts show page values as they are, no text value may carry markup:
 * HTML, Liquid, or a Markdown link. The recipe's labels are the exception: {@code Author: Jane
 * <jane@example.org>} is what labels say, no Jekyll layout of the format shows them, and Skiff's
 * own site escapes every value.
 */
final class PageKeys {
  /** The page kinds whose keys the rules may extend ({@code page-keys:}). */
  static final Set<String> KINDS = new TreeSet<>(Set.of("manifest", "layer", "skiff", "collection", "tags"));

  private static final String LABELS = ManifestPage.SKIFF + "." + ManifestPage.LABELS;

  private final RegistryRules rules;

  PageKeys(RegistryRules rules) {
    this.rules = rules;
  }

  /** Every problem with the page's keys and text values, one message each. */
  void check(RegistryLayout.PageKind kind, JsonNode page, Consumer<String> problem) {
    switch (kind) {
      case MANIFEST -> {
        keys(page, "manifest", ManifestPage.KEYS, "a manifest page", problem);
        JsonNode layers = page.path(ManifestPage.LAYERS);
        if (layers.isArray()) {
          layers.forEach(layer -> keys(layer, "layer", ManifestPage.LAYER_KEYS, "a layer", problem));
        }
        keys(page.path(ManifestPage.SKIFF), "skiff", ManifestPage.SKIFF_KEYS, "skiff:", problem);
      }
      case COLLECTION -> keys(page, "collection", CollectionPage.KEYS, "a collection page", problem);
      case TAGS -> keys(page, "tags", CollectionPage.TAGS_KEYS, "a tags page", problem);
    }
    text(page, "", problem);
  }

  private void keys(JsonNode node, String kind, Set<String> written, String where, Consumer<String> problem) {
    if (!node.isObject()) {
      return;
    }
    Set<String> allowed = new HashSet<>(written);
    allowed.addAll(rules.pageKeys().getOrDefault(kind, Set.of()));
    node.fieldNames().forEachRemaining(key -> {
      if (!allowed.contains(key)) {
        problem.accept("key '" + printable(key) + "' is not allowed in " + where + "; allowed: "
            + String.join(", ", new TreeSet<>(allowed)) + " (a registry adds keys with page-keys: in " + RegistryRules.FILE
            + ")");
      }
    });
  }

  /** Every text value and key, at any depth, free of markup. */
  private static void text(JsonNode node, String at, Consumer<String> problem) {
    if (node.isTextual()) {
      PageText.markup(node.asText()).ifPresent(found -> problem.accept((at.isEmpty() ? "a value" : at) + " holds markup ('"
          + printable(found) + "'); " + PageText.WHY));
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
        String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
        if (path.equals(LABELS)) {
          continue;
        }
        PageText.markup(field.getKey()).ifPresent(found -> problem.accept("key '" + printable(field.getKey())
            + "' holds markup ('" + printable(found) + "')"));
        text(field.getValue(), path, problem);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        text(node.get(i), at + "[" + i + "]", problem);
      }
    }
  }

  private static String printable(String text) {
    return InertText.of(text.length() > 60 ? text.substring(0, 57) + "..." : text);
  }
}
