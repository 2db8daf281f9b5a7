package dev.skiff.cli;

import dev.skiff.Skiff;
import dev.skiff.model.Recipe;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.Release;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skiff init}: write files a source repository needs. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    header = "Write the files a source repository needs: its CI file with init ci.",
    description = "Write the files a source repository needs.",
    subcommands = {InitCommand.Ci.class})
final class InitCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say what to write: skiff init ci circleci|github|gitlab");
  }

  /** {@code skiff init ci SYSTEM [DIR]}. */
  @Command(
      name = "ci",
      mixinStandardHelpOptions = true,
      header = "Write the source repository's CI file that runs Skiff: circleci, github or gitlab.",
      description = {"Write the CI file of the source repository in DIR: .circleci/config.yml (with the Skiff orb), "
          + ".github/workflows/skiff.yml (with the Skiff Action) or .gitlab-ci.yml (with the release archive). "
          + "One job, or with --shards N a fan-out of N shards (CircleCI parallelism, a GitHub Actions matrix, GitLab "
          + "parallel jobs) and a fan-in job that publishes them in one commit.",
          "",
          "The file says which secrets and settings to give the CI system."},
      footer = {"", "Exit codes: 0 written; 1 the file exists (see --force) or cannot be written; 2 bad usage."})
  static final class Ci implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SYSTEM", description = "circleci, github or gitlab.")
    String system;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", description = "The source repository (default: .).")
    Path folder = Path.of(".");

    @Option(names = "--shards", paramLabel = "N", defaultValue = "1",
        description = "Split the builds across N machines, then publish in one job (default: ${DEFAULT-VALUE}, no split).")
    int shards;

    @Option(names = "--builder", paramLabel = "NAME",
        description = "The builder the jobs run (default: scratch, which needs only squashfs-tools, when it can build"
            + " every recipe in DIR; else singularity, with a pinned Apptainer installed on the runner).")
    String builder;

    @Option(names = "--force", description = "Replace the file if it exists.")
    boolean force;

    @Option(names = "--stdout", description = "Print the file instead of writing it.")
    boolean stdout;

    @Override
    public Integer call() throws SkiffException {
      CiTemplates.System chosen;
      try {
        chosen = CiTemplates.System.valueOf(system.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "unknown CI system '" + Terminal.safe(system)
            + "'; write circleci, github or gitlab");
      }
      if (shards < 1 || shards > 256) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--shards: give 1 to 256, not " + shards);
      }
      if (builder != null && !builder.matches("[a-z][a-z0-9-]*")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--builder: '" + Terminal.safe(builder)
            + "' is no builder's name");
      }
      String text = CiTemplates.render(chosen, shards, builder != null ? builder : builderFor(folder), Release.version());
      if (stdout) {
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
      }
      Path file = folder.toAbsolutePath().normalize().resolve(chosen.path);
      try {
        Files.createDirectories(file.getParent());
        if (force) {
          Files.writeString(file, text, StandardCharsets.UTF_8);
        } else {
          Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        }
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new SkiffException(file + " exists; give --force to replace it");
      } catch (IOException e) {
        throw new SkiffException("cannot write " + file + ": " + IoMessages.describe(e), e);
      }
      spec.commandLine().getOut().printf("Wrote %s; it names the secrets and settings to give %s.%n", file, chosen.word());
      spec.commandLine().getOut().flush();
      return 0;
    }

    /**
     * The builder the recipes need: scratch, which needs no container runtime, where it can build
     * every one of them; otherwise singularity. A folder without recipes gets singularity too, which
     * builds whatever is added later.
     */
    private static String builderFor(Path folder) throws SkiffException {
      Skiff skiff = Skiff.source(folder).environment(java.util.Map.of());
      List<Recipe> recipes = skiff.discover().recipes();
      BuilderFactory scratch = skiff.catalog().builders().get(SCRATCH);
      boolean scratchBuildsAll = !recipes.isEmpty() && scratch != null
          && recipes.stream().allMatch(recipe -> scratch.cannotBuild(recipe).isEmpty());
      return scratchBuildsAll ? SCRATCH : SINGULARITY;
    }

    private static final String SCRATCH = "scratch";
    private static final String SINGULARITY = "singularity";

  }
}
