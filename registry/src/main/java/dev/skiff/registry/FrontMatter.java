package dev.skiff.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Map;
import java.util.Optional;

/**
 * Jekyll front matter: a YAML mapping between two {@code ---} lines. Written by a YAML serializer,
 * never by string concatenation, so that a quote or a colon in a value cannot break the page.
 */
public final class FrontMatter {
  /** The key every registry page has: the Jekyll layout that renders it. */
  public static final String LAYOUT = "layout";
  private static final String FENCE = "---\n";
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .build();

  private FrontMatter() {}

  /** A page with the given front matter (in map order) and no body. */
  public static String render(Map<String, ?> fields) {
    try {
      return FENCE + YAML.writeValueAsString(fields) + FENCE;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("front matter cannot be written: " + e.getOriginalMessage(), e);
    }
  }

  /** What follows the front matter's closing line; the whole page when it has no front matter. */
  public static String body(String page) {
    int end = closingFence(page);
    return end < 0 ? page : page.substring(Math.min(page.length(), end + FENCE.length() + 1));
  }

  /** Where the line closing the front matter starts (less its newline), or -1. */
  private static int closingFence(String page) {
    if (!page.startsWith(FENCE)) {
      return -1;
    }
    int end = page.indexOf("\n" + FENCE, FENCE.length() - 1);
    String last = "\n" + FENCE.trim();
    return end >= 0 || !page.endsWith(last) ? end : page.length() - last.length();
  }

  /** The front matter of a page, or empty when it has none or it is not YAML. */
  public static Optional<JsonNode> parse(String page) {
    int end = closingFence(page);
    if (end < 0) {
      return Optional.empty();
    }
    try {
      JsonNode node = YAML.readTree(page.substring(FENCE.length(), end + 1));
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
