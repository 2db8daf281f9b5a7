package dev.skiff.spi;

import java.io.IOException;

/**
 * Turns a recipe into an image. Throws {@link SkiffException} for failures the user can fix (a
 * recipe it cannot build, a failed build with its last lines of output); anything else it throws
 * is reported as a crash of this builder.
 */
public interface Builder {

  BuildResult build(BuildRequest request) throws SkiffException, IOException, InterruptedException;
}
