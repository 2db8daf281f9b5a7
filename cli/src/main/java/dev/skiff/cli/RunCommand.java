package dev.skiff.cli;

import dev.skiff.Skiff;
import dev.skiff.report.BuildRecord;
import dev.skiff.report.RunReport;
import dev.skiff.spi.PublishResult;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skiff run}: discover, build, store, publish. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    header = "Build the images of a source repository's recipes, store them, and publish their manifests.",
    description = {"Find the recipes in DIR (Singularity or Apptainer -> tag latest, Singularity.<tag> or "
            + "Apptainer.<tag> -> <tag>), build each image, store it under its sha256, and publish its manifest "
            + "to the registry.",
        "",
        "Settings come from DIR/skiff.yml, then SKIFF_* environment variables, then these flags."},
    footer = {"",
        "Exit codes: 0 every recipe built and published; 1 a recipe, the storage or the registry failed "
            + "(the others are still stored and published), or no recipe was found; 2 bad usage."})
final class RunCommand implements Callable<Integer> {
  @Mixin
  QuietOption quietOption;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.ParentCommand
  SkiffCommand parent;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The source repository (default: .).")
  Path source = Path.of(".");

  @Option(names = {"-j", "--jobs"}, paramLabel = "N",
      description = "Build N recipes at once (default: the builder's; 1 for local builders).")
  Integer jobs;

  @Mixin
  RunOptions options;

  @Mixin
  ReportOption reportOption;

  @Mixin
  ChecksumsOption checksumsOption;

  @Option(names = "--shard", paramLabel = "I/N",
      description = "Build only share I of N (such as 2/4), or 'ci' for the CI system's node index and count, and "
          + "write the records to --records instead of publishing; skiff publish --records brings the shares together.")
  String shard;

  @Option(names = "--records", paramLabel = "DIR",
      description = "Where --shard writes its records (default: skiff-records in DIR).")
  Path records;

  @Option(names = "--junit", paramLabel = "FILE",
      description = "Also write the builds as JUnit XML, one test case per tag, for CI test tabs.")
  Path junit;

  @Override
  public Integer call() throws SkiffException, IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConsoleRenderer renderer = new ConsoleRenderer(err, parent.verbose, quietOption.quiet, System.console() != null);
    LogTails tails = new LogTails();
    Skiff skiff = options.apply(reportOption.apply(parent.skiff(source)).listener(renderer).listener(tails), spec);
    Optional.ofNullable(jobs).ifPresent(skiff::jobs);
    Optional.ofNullable(shard).ifPresent(value -> skiff.set("shard", value));
    Optional.ofNullable(records).ifPresent(folder -> skiff.set("records", folder.toAbsolutePath().toString()));
    Skiff.Plan plan = skiff.plan();
    if (parent.verbose) {
      plan.settings().forEach((k, v) -> err.println("setting   " + k + " = " + v));
    }
    RunReport result = plan.run();
    summarize(result, plan.reportFile(), out);
    writeForCi(result, tails, junit, parent.environment());
    checksumsOption.write(result);
    return result.succeeded() ? 0 : 1;
  }

  /** The JUnit XML and the GitHub Actions job summary; a file that cannot be written is one line. */
  static void writeForCi(RunReport report, LogTails tails, Path junit, Map<String, String> env)
      throws SkiffException {
    try {
      RunOutput.forCi(report, tails, Optional.ofNullable(junit), env);
    } catch (IOException e) {
      throw new SkiffException("cannot write the CI report: " + IoMessages.describe(e), e);
    }
  }

  /** Skipped because nothing changed: such a record carries its published image. */
  private static boolean unchanged(BuildRecord record) {
    return record.status() == BuildRecord.Status.SKIPPED && record.digest().isPresent();
  }

  static void summarize(RunReport report, Optional<Path> reportFile, PrintWriter out) {
    int removed = report.published().map(p -> p.removed().size()).orElse(0);
    out.printf("%s: %d built (%d uploaded), %d skipped, %d failed%s%n", report.namespace(),
        report.count(BuildRecord.Status.BUILT), report.uploads(), report.count(BuildRecord.Status.SKIPPED),
        report.count(BuildRecord.Status.FAILED), removed > 0 ? ", " + removed + " removed" : "");
    long unchanged = report.records().stream().filter(RunCommand::unchanged).count();
    for (BuildRecord record : report.records()) {
      String tag = record.tag().map(Object::toString).orElse("-");
      if (unchanged(record)) {
        continue;
      }
      switch (record.status()) {
        case BUILT -> out.printf("  %-16s %s  %d bytes  %s%n", tag, record.digest().orElseThrow(),
            record.size().orElseThrow(), Terminal.safe(record.url().orElseThrow().toString()));
        case SKIPPED -> out.printf("  %-16s skipped (%s): %s%n", tag, Terminal.safe(record.error().orElse("")),
            Terminal.safe(record.recipe()));
        case FAILED -> out.printf("  %-16s FAILED: %s%n", tag, Terminal.safe(record.error().orElse("")));
      }
    }
    if (unchanged > 0) {
      out.printf("  %d unchanged, not built (--rebuild builds them)%n", unchanged);
    }
    report.published().map(PublishResult::removed).filter(tags -> !tags.isEmpty()).ifPresent(tags ->
        out.printf("  %d removed, their recipes are gone: %s%n", tags.size(),
            String.join(", ", tags.stream().map(Object::toString).toList())));
    report.published().ifPresent(p -> out.printf("Registry: %s%s%n",
        p.changed() ? "committed to " : "unchanged, ", Terminal.safe(p.location())
            + p.commit().map(c -> " (commit " + c.substring(0, 12) + ")").orElse("")));
    report.published().flatMap(p -> p.url()).ifPresent(u -> out.println("Pull request: " + u));
    report.publishError().ifPresent(e -> out.println("Registry: FAILED: " + Terminal.safe(e)));
    reportFile.ifPresent(f -> out.println("Report: " + f));
    out.flush();
  }
}
