package dev.skiff.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The collection page {@code <ns>/README.md} and the tag-list page {@code <ns>/tags/README.md}. */
final class CollectionPage {
  private CollectionPage() {}

  static String render(String description) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("layout", "collection");
    page.put("description", description);
    return FrontMatter.render(page);
  }

  static Optional<String> descriptionOf(String page) {
    return FrontMatter.parse(page).map(node -> node.path("description").asText(null));
  }

  static String renderTags() {
    return FrontMatter.render(Map.of("layout", "tags"));
  }
}
