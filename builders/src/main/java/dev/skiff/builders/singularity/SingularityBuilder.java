package dev.skiff.builders.singularity;

import dev.skiff.support.ProcessResult;
import dev.skiff.support.ProcessRunner;
import dev.skiff.spi.BuildRequest;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code apptainer build} (or {@code singularity build}) in the recipe's folder, with
 * {@code SOURCE_DATE_EPOCH} set to the source commit's time so that Apptainer builds reproducibly,
 * and streams its output as log lines.
 */
final class SingularityBuilder implements Builder {
  private final Path executable;
  private final BuildMode mode;
  private final List<String> extraArgs;
  private final ProcessRunner runner;
  private final Duration timeout;

  SingularityBuilder(Path executable, BuildMode mode, List<String> extraArgs, ProcessRunner runner, Duration timeout) {
    this.executable = executable;
    this.mode = mode;
    this.extraArgs = List.copyOf(extraArgs);
    this.runner = runner;
    this.timeout = timeout;
  }

  @Override
  public BuildResult build(BuildRequest request) throws SkiffException, IOException, InterruptedException {
    Path image = request.outputDir().resolve("image.sif");
    String program = executable.getFileName().toString();
    List<String> command = mode.command(executable.toString(), extraArgs, image.toString(),
        request.recipe().file().getFileName().toString());
    request.log().line("$ " + String.join(" ", command));
    ProcessResult result = runner.run(command, request.recipe().folder(),
        Map.of("SOURCE_DATE_EPOCH", Long.toString(request.sourceDate().getEpochSecond())), request.log());
    if (result.timedOut()) {
      Files.deleteIfExists(image);
      throw new SkiffException(request.recipe().path() + ": " + program + " build did not finish within " + timeout
          + "; it was killed with every process it started (raise builder.singularity.timeout)");
    }
    if (!result.succeeded()) {
      throw new SkiffException(request.recipe().path() + ": " + program + " build failed (exit " + result.exitCode()
          + "): " + result.tailText(3));
    }
    if (!Files.isRegularFile(image)) {
      throw new SkiffException(request.recipe().path() + ": " + program + " build succeeded but wrote no image at " + image);
    }
    return new BuildResult.LocalImage(image);
  }
}
