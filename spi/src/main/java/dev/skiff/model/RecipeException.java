package dev.skiff.model;

import dev.skiff.spi.SkiffException;
import java.nio.file.Path;

/** A recipe that cannot be used; the message starts with the file (and line) as users see it. */
public final class RecipeException extends SkiffException {
  private static final long serialVersionUID = 1L;

  public RecipeException(Path file, int line, String message) {
    super(file + ":" + line + ": " + message);
  }

  public RecipeException(Path file, String message) {
    super(file + ": " + message);
  }
}
