package dev.skiff.spi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A recipe that cannot be built: it does not parse, two recipes map to one tag, the source has
 * none, the builder refuses it or fails, or what it produced is not an image.
 */
public class BuildException extends SkiffException {
  private static final long serialVersionUID = 1L;

  /** The recipe at fault, relative to the source; null when no one recipe is. */
  private final transient Path recipe;

  /**
   * A failure of no one recipe.
   *
   * @param message the one-line message
   */
  public BuildException(String message) {
    this(null, message, null);
  }

  /**
   * A failure of no one recipe, with what was caught.
   *
   * @param message the one-line message
   * @param cause what was caught
   */
  public BuildException(String message, Throwable cause) {
    this(null, message, cause);
  }

  /**
   * @param recipe the recipe at fault, as its path in the source ({@code centos/Singularity.7}), or null
   * @param message the one-line message, which names the recipe
   * @param cause what was caught, or null
   */
  public BuildException(Path recipe, String message, Throwable cause) {
    super(message, cause);
    this.recipe = recipe;
  }

  /** The recipe at fault, as its path in the source, when one is. */
  public Optional<Path> recipe() {
    return Optional.ofNullable(recipe);
  }
}
