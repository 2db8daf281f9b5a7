package dev.skiff.cli;

import dev.skiff.model.ContainerRef;
import dev.skiff.report.BuildRecord;
import dev.skiff.report.RunReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The forms a run's report takes for CI: JUnit XML for test tabs, and the GitHub Actions job summary. */
final class RunOutput {
  private RunOutput() {}

  /**
   * One test case per recipe: built (passed), skipped (frozen or unchanged), or failed with its
   * reason and the last lines of its build's log.
   */
  static void junit(RunReport report, LogTails tails, Path file) throws IOException {
    List<JUnitXml.Case> cases = report.records().stream().map(record -> {
      String tag = record.tag().map(Object::toString).orElse("-");
      Optional<String> failure = record.status() == BuildRecord.Status.FAILED ? record.error() : Optional.empty();
      Optional<String> skipped = record.status() == BuildRecord.Status.SKIPPED ? record.error() : Optional.empty();
      Optional<String> output = failure.map(reason -> {
        List<String> tail = record.tag().map(t -> tails.of(ContainerRef.of(report.namespace(), t).toString()))
            .orElse(List.of());
        return tail.isEmpty() ? reason : reason + "\n\nlast lines of the build's log:\n" + String.join("\n", tail);
      });
      return new JUnitXml.Case(report.namespace() + ":" + tag, record.recipe(),
          record.duration().toMillis() / 1000.0, failure, skipped, output);
    }).toList();
    JUnitXml.write(file, "skiff run " + report.namespace(), report.took().toMillis() / 1000.0, cases);
  }

  /**
   * A table appended to the job summary. Recipe paths and reasons come from the source repository,
   * so they are shown as code, never rendered.
   */
  static void githubSummary(RunReport report, Path summary) throws IOException {
    StringBuilder md = new StringBuilder("## skiff run: ").append(VerifyOutput.code(report.namespace().toString()))
        .append(report.succeeded() ? " succeeded" : " **failed**").append("\n\n")
        .append(report.count(BuildRecord.Status.BUILT)).append(" built (").append(report.uploads())
        .append(" uploaded), ").append(report.count(BuildRecord.Status.SKIPPED)).append(" skipped, ")
        .append(report.count(BuildRecord.Status.FAILED)).append(" failed\n\n")
        .append("| tag | recipe | result | image |\n| --- | --- | --- | --- |\n");
    for (BuildRecord record : report.records()) {
      String result = switch (record.status()) {
        case BUILT -> VerifyOutput.code(record.uploaded() ? "built, uploaded" : "built, already stored");
        case SKIPPED -> VerifyOutput.code("skipped: " + record.error().orElse(""));
        case FAILED -> "**failed**: " + VerifyOutput.code(record.error().orElse(""));
      };
      md.append("| ").append(VerifyOutput.code(record.tag().map(Object::toString).orElse("-"))).append(" | ")
          .append(VerifyOutput.code(record.recipe())).append(" | ").append(result).append(" | ")
          .append(record.digest().map(d -> VerifyOutput.code(d.toString())).orElse("")).append(" |\n");
    }
    report.published().ifPresent(p -> md.append("\nRegistry: ")
        .append(VerifyOutput.code((p.changed() ? "committed to " : "unchanged, ") + p.location()))
        .append(p.url().map(u -> ", pull request " + VerifyOutput.code(u.toString())).orElse("")).append('\n'));
    report.publishError().ifPresent(e -> md.append("\nRegistry: **failed**: ").append(VerifyOutput.code(e))
        .append('\n'));
    JobSummary.append(summary, md.append('\n').toString());
  }

  /** Writes what CI asked for: {@code --junit FILE}, and the job summary on GitHub Actions. */
  static void forCi(RunReport report, LogTails tails, Optional<Path> junit, Map<String, String> env)
      throws IOException {
    if (junit.isPresent()) {
      junit(report, tails, junit.get());
    }
    Optional<Path> summary = JobSummary.of(env);
    if (summary.isPresent()) {
      githubSummary(report, summary.get());
    }
  }
}
