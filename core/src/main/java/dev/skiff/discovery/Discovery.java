package dev.skiff.discovery;

import dev.skiff.model.Recipe;
import java.nio.file.Path;
import java.util.List;

/**
 * The recipes of a source repository.
 *
 * @param recipes the recipes to build, ordered by path
 * @param frozen recipes in frozen folders, not built (paths relative to the repository)
 */
public record Discovery(List<Recipe> recipes, List<Path> frozen) {
  public Discovery {
    recipes = List.copyOf(recipes);
    frozen = List.copyOf(frozen);
  }
}
