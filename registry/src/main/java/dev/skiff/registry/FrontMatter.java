package dev.skiff.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skiff.support.ParserMessages;
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
  private static final String NONE = "has no front matter that parses (YAML between two '---' lines)";
  private static final YAMLMapper YAML = YAMLMapper.builder()
      // A key given twice reads as its first value to a reviewer and as its last to Jekyll and to
      // Jackson: a page that says two things is refused, not read either way.
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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

  /** The front matter of a page, or empty when it has none or it is not YAML (a repeated key included). */
  public static Optional<JsonNode> parse(String page) {
    try {
      return Optional.of(read(page));
    } catch (InvalidPageException e) {
      return Optional.empty();
    }
  }

  /**
   * The front matter of a page.
   *
   * @throws InvalidPageException when it has none, it is not a YAML mapping, or it repeats a key
   *     (the message gives the page's line)
   */
  public static JsonNode read(String page) throws InvalidPageException {
    int end = closingFence(page);
    if (end < 0) {
      throw new InvalidPageException(NONE);
    }
    JsonNode node;
    try {
      node = YAML.readTree(page.substring(FENCE.length(), end + 1));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      // The YAML starts on the page's second line, after the opening fence.
      String line = at != null && at.getLineNr() > 0 ? " (line " + (at.getLineNr() + 1) + ")" : "";
      String problem = ParserMessages.oneLine(e.getOriginalMessage());
      throw new InvalidPageException(problem.startsWith("Duplicate field")
          ? "front matter gives a key twice" + line + ": " + problem.replace("Duplicate field", "key")
          : "front matter is not YAML" + line + ": " + problem);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidPageException(NONE);
    }
    return node;
  }
}
