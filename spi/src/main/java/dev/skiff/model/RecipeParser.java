package dev.skiff.model;

import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a Singularity definition file: header keywords ({@code Bootstrap: docker}) up to the
 * first {@code %section}, then the sections. Rejects what Apptainer would reject before building:
 * a missing {@code Bootstrap}, a header line that is not a keyword, an unknown section.
 *
 * <p>The header is read as Apptainer reads it: lines are trimmed; a line starting with {@code #}
 * is a comment, and so is everything from a {@code #} on in a keyword's line; keywords are
 * case-insensitive; a value ending in a backslash continues on the next line (and {@code \n}
 * before that backslash stands for a line break). A section starts at a line whose first word
 * starts with {@code %}.
 */
public final class RecipeParser {
  /** The sections Apptainer knows, including the SCIF app sections. */
  public static final Set<String> SECTIONS = Set.of(
      "setup", "files", "environment", "pre", "post", "runscript", "startscript", "test", "labels", "help",
      "arguments", "appinstall", "appfiles", "appenv", "apprun", "applabels", "apphelp", "apptest",
      "appstart");

  private static final Pattern SECTION = Pattern.compile("^\\s*%([A-Za-z]\\w*)\\s*(.*?)\\s*$");
  private static final Pattern KEYWORD = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  /**
   * The file names of a recipe for tag {@code latest}, {@code <name>.<tag>} naming the others: the
   * Singularity Hub standard's, and Apptainer's newer one.
   */
  public static final List<String> RECIPE_NAMES = List.of("Singularity", "Apptainer");

  private RecipeParser() {}

  /** The tag a file name maps to, or null when the file is not a recipe. */
  public static String tagOf(String fileName) {
    for (String name : RECIPE_NAMES) {
      if (fileName.equals(name)) {
        return Tag.LATEST.value();
      }
      if (fileName.startsWith(name + ".")) {
        return fileName.substring(name.length() + 1);
      }
    }
    return null;
  }

  /**
   * Reads and parses the recipe file at {@code relative} below {@code root}; its tag comes from its
   * file name.
   *
   * @throws RecipeException when the file name is no recipe's, the tag is invalid, or the text is
   *     not UTF-8 or not a recipe
   */
  public static Recipe read(Path root, Path relative) throws RecipeException, IOException {
    String fileName = relative.getFileName().toString();
    String tag = tagOf(fileName);
    if (tag == null) {
      throw new RecipeException(relative, "not a recipe: its name is none of Singularity, Singularity.<tag>,"
          + " Apptainer, Apptainer.<tag>");
    }
    Tag parsed;
    try {
      parsed = Tag.of(tag);
    } catch (InvalidReferenceException e) {
      throw new RecipeException(relative, e.getMessage());
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(root.resolve(relative))))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RecipeException(relative, "not UTF-8 text");
    } catch (IOException e) {
      throw new RecipeException(relative, "cannot be read: " + IoMessages.describe(e));
    }
    return parse(root, relative, parsed, text);
  }

  /**
   * @param root the source repository
   * @param path the recipe's path relative to {@code root}
   * @param tag the tag its file name maps to
   * @param text its content
   */
  public static Recipe parse(Path root, Path path, Tag tag, String text) throws RecipeException {
    HeaderReader header = new HeaderReader(path);
    List<Recipe.Section> sections = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    String sectionName = null;
    String sectionArgs = "";
    int sectionLine = 0;
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int number = i + 1;
      Matcher section = SECTION.matcher(line);
      if (section.matches()) {
        String name = section.group(1).toLowerCase(Locale.ROOT);
        if (!SECTIONS.contains(name)) {
          throw new RecipeException(path, number, "unknown section %" + section.group(1)
              + "; known sections: %" + String.join(", %", SECTIONS.stream().sorted().toList()));
        }
        if (sectionName != null) {
          sections.add(new Recipe.Section(sectionName, sectionArgs, stripTrailingBlankLines(body), sectionLine));
        }
        sectionName = name;
        sectionArgs = section.group(2);
        sectionLine = number;
        body.setLength(0);
      } else if (sectionName != null) {
        body.append(line).append('\n');
      } else {
        header.line(line, number);
      }
    }
    if (sectionName != null) {
      sections.add(new Recipe.Section(sectionName, sectionArgs, stripTrailingBlankLines(body), sectionLine));
    }
    Recipe recipe = new Recipe(root, path, tag, header.finish(), sections, text);
    if (recipe.header("Bootstrap").filter(v -> !v.isBlank()).isEmpty()) {
      throw new RecipeException(path, 1, "no 'Bootstrap:' header; a recipe starts with the agent that"
          + " builds it, such as 'Bootstrap: docker' or 'Bootstrap: scratch'");
    }
    return recipe;
  }

  /** The header's keywords, line by line, by Apptainer's rules (see the class comment). */
  private static final class HeaderReader {
    private final Path path;
    private final Map<String, String> keywords = new LinkedHashMap<>();
    private String continuedKey;
    private StringBuilder continuedValue;

    HeaderReader(Path path) {
      this.path = path;
    }

    void line(String raw, int number) throws RecipeException {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        endContinuation();
        return;
      }
      int comment = line.indexOf('#');
      String text = (comment < 0 ? line : line.substring(0, comment)).strip();
      String key;
      String value;
      if (continuedKey != null) {
        key = continuedKey;
        value = continuedValue.append(text).toString();
        continuedKey = null;
      } else {
        int colon = text.indexOf(':');
        key = colon < 0 ? text : text.substring(0, colon).strip();
        if (colon < 0 || !KEYWORD.matcher(key).matches()) {
          throw new RecipeException(path, number, "header line is not 'Keyword: value': " + abbreviate(raw.strip()));
        }
        if (keywords.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(key))) {
          throw new RecipeException(path, number, "header keyword '" + key + "' given twice");
        }
        value = text.substring(colon + 1).strip();
      }
      if (value.endsWith("\\")) {
        String continued = value.substring(0, value.length() - 1);
        continuedKey = key;
        continuedValue = new StringBuilder(continued.endsWith("\\n")
            ? continued.substring(0, continued.length() - 2) + "\n" : continued);
        return;
      }
      keywords.put(key, value);
    }

    /** A continuation ends at a blank or comment line, or at the end of the header. */
    private void endContinuation() {
      if (continuedKey != null) {
        keywords.put(continuedKey, continuedValue.toString());
        continuedKey = null;
      }
    }

    Map<String, String> finish() {
      endContinuation();
      return keywords;
    }
  }

  private static String stripTrailingBlankLines(StringBuilder body) {
    String text = body.toString();
    return text.replaceAll("(\\n\\s*)+\\z", "\n");
  }

  private static String abbreviate(String line) {
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }
}
