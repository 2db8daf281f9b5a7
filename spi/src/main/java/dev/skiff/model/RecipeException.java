package dev.skiff.model;

import dev.skiff.spi.BuildException;
import java.nio.file.Path;

/** A recipe that cannot be used; the message starts with the file (and line) as users see it. */
public final class RecipeException extends BuildException {
  private static final long serialVersionUID = 1L;

  /**
   * @param file the recipe, as its path in the source
   * @param line the line at fault, from 1
   * @param message what is wrong and how to fix it
   */
  public RecipeException(Path file, int line, String message) {
    super(file, file + ":" + line + ": " + message, null);
  }

  /**
   * @param file the recipe, as its path in the source
   * @param message what is wrong and how to fix it
   */
  public RecipeException(Path file, String message) {
    super(file, file + ": " + message, null);
  }
}
