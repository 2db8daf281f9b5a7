package dev.skiff.spi;

import java.io.IOException;

/**
 * Turns a recipe into an image. Throws {@link SkiffException} for failures the user can fix (a
 * recipe it cannot build, a failed build with its last lines of output); anything else it throws
 * is reported as a crash of this builder.
 */
public interface Builder {

  /**
   * Builds one recipe. Called from the run's build threads: with {@code jobs} above 1, several calls run
   * at once on one builder, so keep per-build state in locals or the request's output folder. Stop
   * promptly when the thread is interrupted (the run was cancelled) and throw
   * {@link InterruptedException}.
   *
   * @param request the recipe, an empty output folder of its own, the source date, a log and progress
   * @return the image, on this machine or already in the run's storage
   * @throws SkiffException for what the user can fix, naming the recipe
   * @throws IOException when reading or writing files fails
   * @throws InterruptedException when the run is cancelled
   */
  BuildResult build(BuildRequest request) throws SkiffException, IOException, InterruptedException;
}
