package dev.skiff.model;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed recipe (Singularity definition file).
 *
 * @param root the source repository's root folder
 * @param path the recipe's path relative to {@code root}, as users see it in messages
 * @param tag the tag the file name maps to
 * @param header the header keywords ({@code Bootstrap}, {@code From}, ...) in file order, keys as written
 * @param sections the {@code %sections} in file order
 * @param text the whole file, as stored in the image's definition-file object
 */
public record Recipe(
    Path root, Path path, Tag tag, Map<String, String> header, List<Section> sections, String text) {

  /** Copies the header and the sections. */
  public Recipe {
    header = Map.copyOf(header);
    sections = List.copyOf(sections);
  }

  /** One {@code %name args} section and the lines below it. */
  public record Section(String name, String arguments, String body, int line) {}

  /**
   * One line of a {@code %files} section: what is copied where.
   *
   * @param stage the section's argument ({@code from build} copies from another stage); empty: from the repository
   * @param words the line split as Apptainer splits it (at spaces outside quotes, quotes removed):
   *     the source, then the destination if given; more words are an error for the builder to name
   * @param line the line's number in the recipe
   */
  public record FileCopy(String stage, List<String> words, int line) {
    /** Copies the words. */
    public FileCopy {
      words = List.copyOf(words);
    }

    /** The file or folder to copy, relative to the recipe's folder. */
    public String source() {
      return words.get(0);
    }

    /** Where in the image it goes, when the line says. */
    public Optional<String> destination() {
      return words.size() > 1 ? Optional.of(words.get(1)) : Optional.empty();
    }
  }

  // A word: a "quoted" or 'quoted' run, or a run without spaces or quotes.
  private static final Pattern FILE_WORD = Pattern.compile("\"([^\"]*)\"|'([^']*)'|[^\\s\"']+");

  /** Every {@code %files} line, section by section, blank and comment lines left out. */
  public List<FileCopy> fileCopies() {
    List<FileCopy> copies = new ArrayList<>();
    for (Section files : sections("files")) {
      List<String> lines = files.body().lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        String entry = lines.get(i).strip();
        if (entry.isEmpty() || entry.startsWith("#")) {
          continue;
        }
        List<String> words = new ArrayList<>();
        Matcher word = FILE_WORD.matcher(entry);
        while (word.find()) {
          words.add(word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group());
        }
        if (!words.isEmpty()) {
          copies.add(new FileCopy(files.arguments().strip(), words, files.line() + 1 + i));
        }
      }
    }
    return copies;
  }

  /** The recipe file, absolute. */
  public Path file() {
    return root.resolve(path);
  }

  /** The folder holding the recipe, where relative {@code %files} sources start. */
  public Path folder() {
    return file().getParent();
  }

  /** A header value by keyword; keywords are case-insensitive, as in Apptainer. */
  public Optional<String> header(String keyword) {
    return header.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(keyword))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /**
   * The agents Apptainer's build knows (its conveyor packers). A builder that runs Apptainer refuses
   * any other before it starts; a team's own builder may know agents of its own.
   */
  public static final java.util.Set<String> APPTAINER_BOOTSTRAP_AGENTS = java.util.Collections.unmodifiableSet(
      new java.util.LinkedHashSet<>(List.of("docker", "docker-archive", "docker-daemon", "oci", "oci-archive",
          "library", "oras", "shub", "localimage", "scratch", "busybox", "debootstrap", "arch", "yum", "dnf",
          "zypper")));

  /**
   * Why Apptainer cannot build this recipe's agent ({@code Bootstrap: scrach}), where the recipe
   * names it, or empty when Apptainer knows it.
   */
  public Optional<RecipeException> unknownToApptainer() {
    return APPTAINER_BOOTSTRAP_AGENTS.contains(bootstrap()) ? Optional.empty()
        : Optional.of(new RecipeException(path, bootstrapLine(), "unknown bootstrap agent '"
            + header("Bootstrap").orElseThrow() + "'; Apptainer knows " + String.join(", ", APPTAINER_BOOTSTRAP_AGENTS)));
  }

  /** The line of the {@code Bootstrap:} keyword. */
  private int bootstrapLine() {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().toLowerCase(Locale.ROOT).startsWith("bootstrap")) {
        return i + 1;
      }
    }
    return 1;
  }

  /** The bootstrap agent, lower-cased ({@code scratch}, {@code docker}, {@code library}, ...). */
  public String bootstrap() {
    return header("Bootstrap").orElseThrow().toLowerCase(Locale.ROOT);
  }

  /** The first section of a name ({@code files}, {@code post}), if the recipe has one. */
  public Optional<Section> section(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Every section of a name, in order. */
  public List<Section> sections(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The sha256 of the recipe's text, recorded in the manifest. */
  public Digest digest() {
    return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code %labels} section: one {@code KEY value} pair per line, in order. */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    section("labels").ifPresent(section -> section.body().lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .forEach(line -> {
          String[] parts = line.split("\\s+", 2);
          labels.put(parts[0], parts.length > 1 ? parts[1] : "");
        }));
    return labels;
  }

  /** Where messages about this recipe point: the path as the user sees it, with a line. */
  public String where(int line) {
    return path + ":" + line;
  }
}
