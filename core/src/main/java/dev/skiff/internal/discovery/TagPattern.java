package dev.skiff.internal.discovery;

import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.RecipeException;
import dev.skiff.model.Tag;
import dev.skiff.spi.ConfigurationException;
import dev.skiff.spi.SkiffException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a recipe's path becomes its tag ({@code tag-pattern}), for repositories with one folder per
 * image: {@code {tag}} is the tag of the file's name ({@code latest} for {@code Singularity}),
 * {@code {dir}} the name of the recipe's folder, {@code {path}} its folder's path with {@code -}
 * for {@code /}. At the repository's root, where there is no folder, the separators the empty
 * value leaves at the ends are dropped ({@code {dir}-{tag}} gives {@code latest}).
 *
 * @param pattern the setting's text
 */
public record TagPattern(String pattern) {
  public static final TagPattern FILE_NAME = new TagPattern("{tag}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
  private static final Pattern EDGES = Pattern.compile("^[-._]+|[-._]+$");

  /**
   * @param where where the value came from, for the message
   * @throws SkiffException when it names an unknown placeholder, or none
   */
  public static TagPattern parse(Optional<String> text, String where) throws SkiffException {
    if (text.isEmpty() || text.get().isBlank()) {
      return FILE_NAME;
    }
    String pattern = text.get().strip();
    Matcher placeholder = PLACEHOLDER.matcher(pattern);
    boolean any = false;
    while (placeholder.find()) {
      any = true;
      if (!placeholder.group(1).matches("tag|dir|path")) {
        throw ConfigurationException.of("tag-pattern", "setting 'tag-pattern' (from " + where + "): unknown placeholder {" + placeholder.group(1)
            + "}; use {tag}, {dir} and {path}");
      }
    }
    if (!any) {
      throw ConfigurationException.of("tag-pattern", "setting 'tag-pattern' (from " + where + "): '" + pattern + "' names no placeholder,"
          + " so every recipe would get the same tag; use {tag}, {dir} and {path}");
    }
    return new TagPattern(pattern);
  }

  /**
   * The tag of the recipe at {@code relative} whose file name gives {@code fileTag}.
   *
   * @throws RecipeException when the pattern makes no valid tag of it
   */
  public Tag tagOf(Path relative, Tag fileTag) throws RecipeException {
    if (this.equals(FILE_NAME)) {
      return fileTag;
    }
    Path folder = relative.getParent();
    String dir = folder == null ? "" : folder.getFileName().toString();
    String path = folder == null ? "" : folder.toString().replace('\\', '/').replace('/', '-');
    String tag = pattern.replace("{tag}", fileTag.value()).replace("{dir}", dir).replace("{path}", path);
    tag = EDGES.matcher(tag).replaceAll("");
    try {
      return Tag.of(tag);
    } catch (InvalidReferenceException e) {
      throw new RecipeException(relative, "tag-pattern '" + pattern + "' makes '" + tag + "' of it, which is no tag: "
          + e.getMessage());
    }
  }
}
