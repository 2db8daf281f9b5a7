package dev.skiff.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The collection page {@code <ns>/README.md} and the tag-list page {@code <ns>/tags/README.md}. */
public final class CollectionPage {
  /** The layout of a collection's page. */
  public static final String LAYOUT = "collection";
  /** The layout of a collection's tag list. */
  public static final String TAGS_LAYOUT = "tags";
  /** The front matter key of a collection's description. */
  public static final String DESCRIPTION = "description";
  /** The keys of each page: every other is refused by verify. */
  public static final Set<String> KEYS = Set.of(FrontMatter.LAYOUT, DESCRIPTION);
  /** The front matter keys a tag list may hold. */
  public static final Set<String> TAGS_KEYS = Set.of(FrontMatter.LAYOUT);

  private CollectionPage() {}

  /** The page of a collection with this description. */
  public static String render(String description) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put(FrontMatter.LAYOUT, LAYOUT);
    page.put(DESCRIPTION, description);
    return FrontMatter.render(page);
  }

  /** The description a collection's page holds, if any. */
  public static Optional<String> descriptionOf(String page) {
    return FrontMatter.parse(page).map(node -> node.path(DESCRIPTION).asText(null));
  }

  /**
   * The description a collection page gives, if any.
   *
   * @throws InvalidPageException when the page has no front matter, or a description that is not text
   */
  public static Optional<String> read(String page) throws InvalidPageException {
    JsonNode front = FrontMatter.read(page);
    JsonNode description = front.get(DESCRIPTION);
    if (description == null || description.isNull()) {
      return Optional.empty();
    }
    if (!description.isValueNode()) {
      throw new InvalidPageException("description must be text");
    }
    return Optional.of(description.asText());
  }

  /** The page that lists a collection's tags. */
  public static String renderTags() {
    return FrontMatter.render(Map.of(FrontMatter.LAYOUT, TAGS_LAYOUT));
  }
}
