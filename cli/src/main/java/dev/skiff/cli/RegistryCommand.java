package dev.skiff.cli;

import dev.skiff.registry.RegistryInit;
import dev.skiff.spi.SkiffException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skiff registry}: manage a registry repository. */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    header = "Manage a registry repository: create one with registry init.",
    description = "Manage a registry repository.",
    subcommands = {RegistryCommand.Init.class})
final class RegistryCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: skiff registry init DIR");
  }

  /** {@code skiff registry init DIR}. */
  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      header = "Create a new registry repository in DIR.",
      description = "Create a new registry repository in DIR: a git repository with a default branch, a README, the"
          + " registry's CI (skiff verify on pull requests, skiff site on pushes) and its rules.")
  static final class Init implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A new or empty folder.")
    Path folder;

    @Option(names = "--default-branch", paramLabel = "NAME", defaultValue = "main",
        description = "The default branch (default: ${DEFAULT-VALUE}).")
    String defaultBranch;

    @Option(names = "--organization", paramLabel = "NAME", defaultValue = "the organization",
        description = "The organization's name, for the README.")
    String organization;

    @Override
    public Integer call() throws SkiffException {
      Path target = folder.toAbsolutePath().normalize();
      String commit = RegistryInit.init(target, defaultBranch, organization);
      spec.commandLine().getOut().printf("Created registry %s (branch %s, commit %s)%n", target, defaultBranch,
          commit.substring(0, 12));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
