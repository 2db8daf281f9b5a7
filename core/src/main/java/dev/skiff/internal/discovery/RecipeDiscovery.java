package dev.skiff.internal.discovery;

import dev.skiff.Discovery;
import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.Recipe;
import dev.skiff.model.RecipeException;
import dev.skiff.model.RecipeParser;
import dev.skiff.model.Tag;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds recipes by the Singularity Hub standard, and Apptainer's names beside it: a file
 * {@code Singularity} (or {@code Apptainer}) is tag
 * {@code latest}, {@code Singularity.<tag>} is {@code <tag>}. Folders holding a {@code .frozen}
 * file are not built; {@code .git} and the given output folders are not searched; a recipe that is
 * a symbolic link leading out of the repository is refused.
 */
public final class RecipeDiscovery {
  public static final String FROZEN_MARKER = ".frozen";

  private final Path root;
  private final Set<Path> excluded;
  private final TagPattern tags;

  /**
   * @param root the source repository
   * @param excluded folders not to search, such as build output inside the repository
   * @param tags how a recipe's path becomes its tag
   */
  public RecipeDiscovery(Path root, Set<Path> excluded, TagPattern tags) {
    this.root = root.toAbsolutePath().normalize();
    this.tags = tags;
    this.excluded = excluded.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toSet());
  }

  public Discovery discover() throws RecipeException, IOException {
    if (!Files.isDirectory(root)) {
      throw new RecipeException(root, "not a folder");
    }
    Path realRoot = root.toRealPath();
    List<Path> found = new ArrayList<>();
    List<Path> frozen = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (!dir.equals(root) && (dir.getFileName().toString().equals(".git") || excluded.contains(dir))) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        if (Files.exists(dir.resolve(FROZEN_MARKER), LinkOption.NOFOLLOW_LINKS)) {
          try (var stream = Files.walk(dir)) {
            stream.filter(p -> RecipeParser.tagOf(p.getFileName().toString()) != null).map(root::relativize).forEach(frozen::add);
          }
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (RecipeParser.tagOf(file.getFileName().toString()) != null && (attrs.isRegularFile() || attrs.isSymbolicLink())) {
          found.add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    found.sort(Comparator.comparing(Path::toString));
    frozen.sort(Comparator.comparing(Path::toString));

    Map<Tag, Path> byTag = new HashMap<>();
    List<Recipe> recipes = new ArrayList<>();
    for (Path file : found) {
      Path relative = root.relativize(file);
      checkInside(realRoot, file, relative);
      Recipe read = RecipeParser.read(root, relative);
      Tag tag = tags.tagOf(relative, read.tag());
      Recipe recipe = new Recipe(read.root(), read.path(), tag, read.header(), read.sections(), read.text());
      Path other = byTag.putIfAbsent(tag, relative);
      if (other != null) {
        throw new RecipeException(relative, "tag '" + tag + "' is also the tag of " + other
            + "; each tag may come from one recipe only (freeze one folder with a .frozen file, or rename one)");
      }
      recipes.add(recipe);
    }
    Set<Tag> frozenTags = new HashSet<>();
    for (Path relative : frozen) {
      String fileTag = RecipeParser.tagOf(relative.getFileName().toString());
      try {
        frozenTags.add(tags.tagOf(relative, Tag.of(fileTag)));
      } catch (InvalidReferenceException | RecipeException e) {
        // A frozen file that maps to no tag is not built, and keeps no tag in the registry.
      }
    }
    return new Discovery(recipes, frozen, frozenTags);
  }

  private static void checkInside(Path realRoot, Path file, Path relative) throws RecipeException, IOException {
    if (!Files.isSymbolicLink(file)) {
      return;
    }
    Optional<Path> target;
    try {
      target = Optional.of(file.toRealPath());
    } catch (IOException e) {
      target = Optional.empty();
    }
    if (target.isEmpty()) {
      throw new RecipeException(relative, "symbolic link to a file that does not exist");
    }
    if (!target.get().startsWith(realRoot)) {
      throw new RecipeException(relative, "symbolic link leads out of the repository; recipes must live inside it");
    }
    if (Files.isDirectory(target.get())) {
      throw new RecipeException(relative, "symbolic link to a folder; a recipe is a file");
    }
  }
}
