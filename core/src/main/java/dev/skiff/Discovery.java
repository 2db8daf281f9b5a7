package dev.skiff;

import dev.skiff.model.Recipe;
import dev.skiff.model.Tag;
import dev.skiff.spi.BuildException;
import dev.skiff.spi.SkiffException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The recipes of a source repository.
 *
 * @param recipes the recipes to build, ordered by path
 * @param frozen recipes in frozen folders, not built (paths relative to the repository)
 * @param frozenTags the tags of the frozen recipes, whose manifests the registry keeps
 */
public record Discovery(List<Recipe> recipes, List<Path> frozen, Set<Tag> frozenTags) {
  /** Copies the lists. */
  public Discovery {
    recipes = List.copyOf(recipes);
    frozen = List.copyOf(frozen);
    frozenTags = Set.copyOf(frozenTags);
  }

  /** Every tag of the repository, built or frozen: the registry removes the pages of others. */
  public Set<Tag> tags() {
    Set<Tag> tags = new HashSet<>(frozenTags);
    recipes.forEach(recipe -> tags.add(recipe.tag()));
    return tags;
  }

  /**
   * Fails when {@code source} holds no recipe at all, frozen or not: that is a wrong folder or a
   * misnamed file, never a run that has nothing to do.
   */
  public Discovery requireAny(Path source) throws SkiffException {
    if (recipes.isEmpty() && frozen.isEmpty()) {
      throw new BuildException(source + ": no recipes found; Skiff builds files named 'Singularity'"
          + " (tag latest) and 'Singularity.<tag>'");
    }
    return this;
  }
}
