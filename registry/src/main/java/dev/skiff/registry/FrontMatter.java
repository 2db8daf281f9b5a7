package dev.skiff.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skiff.support.ParserMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jekyll front matter: a YAML mapping between two {@code ---} lines. Written by a YAML serializer,
 * never by string concatenation, so that a quote or a colon in a value cannot break the page.
 */
public final class FrontMatter {
  /** The key every registry page has: the Jekyll layout that renders it. */
  public static final String LAYOUT = "layout";
  private static final String FENCE = "---\n";
  private static final String NONE = "has no front matter (YAML between a '---' line and a '---' or '...' line)";
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

  /**
   * Where Jekyll 4 ends front matter, and so where every reader here ends it: an opening {@code ---}
   * line, then up to the first line that is {@code ---} or {@code ...}, trailing spaces allowed.
   * Reading it any other way would let a page show a reviewer one thing and a site another.
   */
  private static final Pattern JEKYLL = Pattern.compile("\\A(---\\s*\\n.*?\\n?)^((---|\\.\\.\\.)\\s*$\\n?)",
      Pattern.MULTILINE | Pattern.DOTALL);

  /** A page cut where its front matter ends: the YAML (with its opening line) and what follows. */
  private record Split(String yaml, String body) {}

  private static Optional<Split> split(String page) {
    Matcher front = JEKYLL.matcher(page);
    return front.find() ? Optional.of(new Split(front.group(1), page.substring(front.end()))) : Optional.empty();
  }

  /** What follows the front matter's closing line; the whole page when it has no front matter. */
  public static String body(String page) {
    return split(page).map(Split::body).orElse(page);
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
    Split split = split(page).orElseThrow(() -> new InvalidPageException(NONE));
    JsonNode node;
    try (JsonParser parser = YAML.getFactory().createParser(split.yaml())) {
      node = YAML.readTree(parser);
      if (parser.nextToken() != null) {
        // Jekyll reads the first document alone: anything after a second '---' would be hidden.
        throw new InvalidPageException("front matter holds more than one YAML document (line "
            + parser.currentLocation().getLineNr() + "); a page has one");
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      // The YAML text starts with the page's opening line, so its lines are the page's.
      String line = at != null && at.getLineNr() > 0 ? " (line " + at.getLineNr() + ")" : "";
      String problem = ParserMessages.oneLine(e.getOriginalMessage());
      throw new InvalidPageException(problem.startsWith("Duplicate field")
          ? "front matter gives a key twice" + line + ": " + problem.replace("Duplicate field", "key")
          : "front matter is not YAML" + line + ": " + problem);
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string cannot fail", e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidPageException("front matter is not a mapping of keys");
    }
    return node;
  }
}
