package dev.skiff.cli;

import dev.skiff.Skiff;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --report FILE}, for the commands that make a run's report: run and publish, not plan. */
final class ReportOption {
  @Option(names = "--report", paramLabel = "FILE", description = "Write a JSON report of the run to FILE.")
  Path report;

  Skiff apply(Skiff skiff) {
    Optional.ofNullable(report).ifPresent(skiff::report);
    return skiff;
  }
}
