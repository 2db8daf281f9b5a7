package dev.skiff.builders.prebuilt;

import dev.skiff.model.Recipe;
import dev.skiff.sif.SifFile;
import dev.skiff.sif.SifFormatException;
import dev.skiff.spi.BuildRequest;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the image an earlier step built for a recipe's tag, and checks that it is a SIF image. */
final class PrebuiltBuilder implements Builder {
  private final Path root;
  private final String pattern;

  PrebuiltBuilder(Path root, String pattern) {
    this.root = root.toAbsolutePath().normalize();
    this.pattern = pattern;
  }

  @Override
  public BuildResult build(BuildRequest request) throws SkiffException, IOException {
    Recipe recipe = request.recipe();
    Path folder = recipe.path().getParent();
    String relative = pattern.replace("{tag}", recipe.tag().value())
        .replace("{dir}", folder == null ? "." : folder.toString());
    Path image = root.resolve(relative).normalize();
    if (!image.startsWith(root)) {
      throw new SkiffException(recipe.path() + ": the prebuilt image " + relative + " lies outside the repository");
    }
    if (!Files.isRegularFile(image)) {
      throw new SkiffException(recipe.path() + ": no prebuilt image for tag '" + recipe.tag() + "' at "
          + root.relativize(image) + " (builder.prebuilt.pattern is " + pattern + ")");
    }
    try {
      SifFile.read(image);
    } catch (SifFormatException e) {
      throw new SkiffException(recipe.path() + ": the prebuilt image " + root.relativize(image)
          + " is not a SIF image: " + e.getMessage().substring(e.getMessage().indexOf("not a valid SIF image: ")
              + "not a valid SIF image: ".length()), e);
    }
    request.log().line("using the prebuilt image " + root.relativize(image));
    return new BuildResult.LocalImage(image);
  }
}
