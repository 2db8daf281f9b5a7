package dev.skiff.cli;

import dev.skiff.report.RunReport;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skiff publish --records DIR}: the fan-in of a run split with {@code --shard}. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    header = "Publish the records of a run split across machines with run --shard, in one commit.",
    description = {"Read the records each 'skiff run --shard I/N' wrote, check that every shard is there, that all "
            + "built the same commit and plan, that none failed and that every image is in storage with its size, then "
            + "commit all their manifests to the registry in one commit and one pull request. When a check fails, "
            + "nothing is committed.",
        "",
        "Settings come from DIR/skiff.yml, then SKIFF_* environment variables, then these flags."},
    footer = {"",
        "Exit codes: 0 published; 1 a shard is missing, failed or disagrees, an image is not stored, or the registry "
            + "failed; 2 bad usage."})
final class PublishCommand implements Callable<Integer> {
  @Mixin
  QuietOption quietOption;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.ParentCommand
  SkiffCommand parent;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The source repository (default: .).")
  Path source = Path.of(".");

  @Mixin
  RunOptions options;

  @Mixin
  ReportOption reportOption;

  @Mixin
  ChecksumsOption checksumsOption;

  @Option(names = "--records", paramLabel = "DIR", required = true,
      description = "A folder holding the shards' records, searched with its subfolders (repeat it for more).")
  List<Path> records;

  @Option(names = "--junit", paramLabel = "FILE",
      description = "Also write the builds as JUnit XML, one test case per tag, for CI test tabs.")
  Path junit;

  @Override
  public Integer call() throws SkiffException, IOException, InterruptedException {
    ConsoleRenderer renderer = new ConsoleRenderer(spec.commandLine().getErr(), parent.verbose, quietOption.quiet,
        System.console() != null);
    LogTails tails = new LogTails();
    var plan = options.apply(reportOption.apply(parent.skiff(source)).listener(renderer).listener(tails), spec).plan();
    RunReport report = plan.publishRecords(records.stream().map(Path::toAbsolutePath).toList());
    RunCommand.summarize(report, plan.reportFile(), spec.commandLine().getOut());
    RunCommand.writeForCi(report, tails, junit, parent.environment());
    checksumsOption.write(report);
    return report.succeeded() ? 0 : 1;
  }
}
