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
 */
public final class RecipeParser {
  /** The sections Apptainer knows, including the SCIF app sections. */
  public static final Set<String> SECTIONS = Set.of(
      "setup", "files", "environment", "post", "runscript", "startscript", "test", "labels", "help",
      "arguments", "appinstall", "appfiles", "appenv", "apprun", "applabels", "apphelp", "apptest",
      "appstart");

  private static final Pattern SECTION = Pattern.compile("^%([A-Za-z]\\w*)\\s*(.*?)\\s*$");
  private static final Pattern HEADER = Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9_-]*)\\s*:\\s*(.*?)\\s*$");

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
    Map<String, String> header = new LinkedHashMap<>();
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
      } else if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
        Matcher keyword = HEADER.matcher(line);
        if (!keyword.matches()) {
          throw new RecipeException(path, number, "header line is not 'Keyword: value': " + abbreviate(line));
        }
        if (header.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(keyword.group(1)))) {
          throw new RecipeException(path, number, "header keyword '" + keyword.group(1) + "' given twice");
        }
        header.put(keyword.group(1), keyword.group(2));
      }
    }
    if (sectionName != null) {
      sections.add(new Recipe.Section(sectionName, sectionArgs, stripTrailingBlankLines(body), sectionLine));
    }
    Recipe recipe = new Recipe(root, path, tag, header, sections, text);
    if (recipe.header("Bootstrap").filter(v -> !v.isBlank()).isEmpty()) {
      throw new RecipeException(path, 1, "no 'Bootstrap:' header; a recipe starts with the agent that"
          + " builds it, such as 'Bootstrap: docker' or 'Bootstrap: scratch'");
    }
    return recipe;
  }

  private static String stripTrailingBlankLines(StringBuilder body) {
    String text = body.toString();
    return text.replaceAll("(\\n\\s*)+\\z", "\n");
  }

  private static String abbreviate(String line) {
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }
}
