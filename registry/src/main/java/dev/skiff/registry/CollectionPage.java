package dev.skiff.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The collection page {@code <ns>/README.md} and the tag-list page {@code <ns>/tags/README.md}. */
public final class CollectionPage {
  public static final String LAYOUT = "collection";
  public static final String TAGS_LAYOUT = "tags";
  public static final String DESCRIPTION = "description";

  private CollectionPage() {}

  public static String render(String description) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put(FrontMatter.LAYOUT, LAYOUT);
    page.put(DESCRIPTION, description);
    return FrontMatter.render(page);
  }

  public static Optional<String> descriptionOf(String page) {
    return FrontMatter.parse(page).map(node -> node.path(DESCRIPTION).asText(null));
  }

  public static String renderTags() {
    return FrontMatter.render(Map.of(FrontMatter.LAYOUT, TAGS_LAYOUT));
  }
}
