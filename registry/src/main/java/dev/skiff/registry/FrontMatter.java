package dev.skiff.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
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
  private static final YAMLMapper YAML = YAMLMapper.builder(
          YAMLFactory.builder().stringQuotingChecker(new JekyllQuoting()).build())
      // A key given twice reads as its first value to a reviewer and as its last to Jekyll and to
      // Jackson: a page that says two things is refused, not read either way.
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .build();

  private FrontMatter() {}

  /**
   * Quotes what Jackson quotes, and text Jekyll would read as something else: unquoted,
   * {@code 2024-05-01T12:00:00Z} is a time to Jekyll and {@code yes} is true.
   */
  private static final class JekyllQuoting extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean needToQuoteName(String name) {
      return super.needToQuoteName(name) || !RubyScalars.readsAsItself(name);
    }

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || !RubyScalars.readsAsItself(value);
    }
  }

  /** A page with the given front matter (in map order) and no body. */
  public static String render(Map<String, ?> fields) {
    try {
      return FENCE + YAML.writeValueAsString(fields) + FENCE;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("front matter cannot be written: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Where Jekyll 4 ends front matter, and so where every reader here ends it: Jekyll's own pattern,
   * an opening {@code ---} line, then up to the first line that is {@code ---} or {@code ...},
   * trailing blanks allowed. Ruby's {@code ^} and {@code $} know one line end, {@code \n}: hence
   * UNIX_LINES, without which Java would also end a line at a lone carriage return, U+0085, U+2028
   * or U+2029, and find front matter where Jekyll finds none and renders the page as Markdown.
   */
  private static final Pattern JEKYLL = Pattern.compile("\\A(---\\s*\\n.*?\\n?)^((---|\\.\\.\\.)\\s*$\\n?)",
      Pattern.MULTILINE | Pattern.DOTALL | Pattern.UNIX_LINES);
  /** What a page may hold after its front matter: Markdown that renders as nothing. */
  private static final Pattern NO_BODY = Pattern.compile("[ \\t\\r\\n]*");
  /**
   * Characters that YAML or Ruby take for line ends and the other does not, or that Jekyll strips
   * (a byte order mark): a page holding one could read two ways, and no page needs one.
   */
  private static final Pattern AMBIGUOUS =
      Pattern.compile("\\r(?!\\n)|[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\x85\\u2028\\u2029\\uFEFF]");

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

  /** Whether the page holds anything after its front matter that a site would render. */
  public static boolean hasBody(String page) {
    return !NO_BODY.matcher(body(page)).matches();
  }

  /**
   * The front matter of a page under review, read as Jekyll reads it or refused: besides what
   * {@link #read} refuses, a character that YAML and Ruby take differently, and any value, key,
   * tag, anchor or alias Jekyll would read otherwise than Skiff ({@code yes}, {@code 010},
   * {@code 2024-05-01} unquoted...). What passes here, Jekyll and every Skiff reader see alike.
   *
   * @throws InvalidPageException naming the first difference
   */
  public static JsonNode readAsJekyll(String page) throws InvalidPageException {
    Matcher ambiguous = AMBIGUOUS.matcher(page);
    if (ambiguous.find()) {
      long line = page.substring(0, ambiguous.start()).chars().filter(c -> c == '\n').count() + 1;
      throw new InvalidPageException(String.format("holds the character U+%04X (line %d), which Jekyll and YAML"
          + " read differently; pages hold none", (int) ambiguous.group().charAt(0), line));
    }
    Split split = split(page).orElseThrow(() -> new InvalidPageException(NONE));
    JsonNode node = read(split);
    Optional<String> disagreement = JekyllAgreement.disagreement(split.yaml(), node);
    if (disagreement.isPresent()) {
      throw new InvalidPageException(disagreement.get());
    }
    return node;
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
    return read(split(page).orElseThrow(() -> new InvalidPageException(NONE)));
  }

  private static JsonNode read(Split split) throws InvalidPageException {
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
