package dev.skiff;

import dev.skiff.model.Recipe;
import dev.skiff.spi.SkiffException;
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

  /**
   * Fails when {@code source} holds no recipe at all, frozen or not: that is a wrong folder or a
   * misnamed file, never a run that has nothing to do.
   */
  public Discovery requireAny(Path source) throws SkiffException {
    if (recipes.isEmpty() && frozen.isEmpty()) {
      throw new SkiffException(source + ": no recipes found; Skiff builds files named 'Singularity'"
          + " (tag latest) and 'Singularity.<tag>'");
    }
    return this;
  }
}
