package dev.skiff.cli;

import dev.skiff.Skiff;
import dev.skiff.registry.gc.GarbageCollector;
import dev.skiff.registry.gc.GcReport;
import dev.skiff.registry.gc.GcRequest;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.support.DurationText;
import dev.skiff.support.HumanBytes;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skiff gc}: the storage's blobs that no registry page refers to, swept. */
@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    header = "Delete the blobs in storage that the registry no longer refers to.",
    description = {"Find the blobs in storage that the registry no longer refers to and delete them: images of "
            + "removed tags, superseded builds and closed pull requests. Every branch and tag of the registry "
            + "repository is read (its default branch and open update/* branches among them), and with "
            + "--keep-history its older commits too; a blob whose sha256 appears in any of their files is "
            + "kept, as is anything written within the grace period (a run may have stored it for a pull "
            + "request not opened yet). Objects that are not Skiff's blobs are never touched.",
        "",
        "Without --delete nothing is deleted: the blobs that would go are listed with their sizes."},
    footer = {"",
        "Exit codes: 0 done (or listed); 1 the registry or the storage could not be read, or a delete "
            + "failed; 2 bad usage."})
final class GcCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.ParentCommand
  SkiffCommand parent;

  @Option(names = "--registry", paramLabel = "DIR|URL",
      description = "The registry repository: a folder or a git URL (default: the registry setting).")
  String registry;

  @Option(names = "--storage", paramLabel = "URI",
      description = "The storage to sweep: file:DIR, s3://BUCKET/PREFIX, gs://BUCKET/PREFIX, oci://HOST/PREFIX (default: the storage"
          + " setting). It must hold this registry's blobs alone.")
  String storage;

  @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "7d",
      description = "Keep anything written less than this long ago (default: ${DEFAULT-VALUE}).")
  String grace;

  @Option(names = "--keep-history", paramLabel = "DURATION",
      description = "Also keep what the registry's commits of this last period referred to, for sites that serve"
          + " older revisions (default: the branches' latest commits alone).")
  String keepHistory;

  @Option(names = "--delete", description = "Delete what would go (default: only list it).")
  boolean delete;

  @Override
  public Integer call() throws SkiffException, InterruptedException {
    Skiff skiff = parent.skiff(Path.of(""));
    Optional.ofNullable(storage).ifPresent(skiff::storage);
    String registryName = registry != null ? registry : skiff.setting("registry").orElse("");
    if (registryName.isBlank() || registryName.equals("none")) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "say which registry refers to the blobs: --registry DIR|URL, or the registry setting");
    }
    GcRequest request = new GcRequest(registryName, duration("--grace", grace),
        Optional.ofNullable(keepHistory).map(text -> duration("--keep-history", text)), delete, Instant.now());
    PrintWriter out = spec.commandLine().getOut();
    GcReport report;
    try (Storage store = skiff.openStorage()) {
      report = GarbageCollector.collect(request, store, object -> {
        out.printf(Locale.ROOT, "%s %s (%s, written %s)%n", delete ? "deleted" : "would delete",
            Terminal.safe(object.where()), HumanBytes.format(object.size()),
            object.modified().truncatedTo(ChronoUnit.SECONDS));
        out.flush();
      });
    } catch (IOException e) {
      throw new SkiffException("storage: " + IoMessages.describe(e), e);
    }
    summarize(out, report);
    return 0;
  }

  private void summarize(PrintWriter out, GcReport report) {
    out.printf(Locale.ROOT, "Registry: %d sha256 digest(s) found in %d branch(es) and tag(s), %d commit(s) read%n",
        report.referencedDigests(), report.refs().size(), report.commits());
    out.printf(Locale.ROOT, "Kept: %d referenced (%s), %d younger than %s (%s), %d not Skiff's (%s)%n",
        report.referenced().objects(), HumanBytes.format(report.referenced().bytes()), report.young().objects(),
        grace, HumanBytes.format(report.young().bytes()), report.others().objects(),
        HumanBytes.format(report.others().bytes()));
    if (report.deleted()) {
      out.printf(Locale.ROOT, "Deleted: %d object(s), %s%n", report.swept().size(), HumanBytes.format(report.sweptBytes()));
    } else {
      out.printf(Locale.ROOT, "Would delete: %d object(s), %s%s%n", report.swept().size(),
          HumanBytes.format(report.sweptBytes()), report.swept().isEmpty() ? "" : "; run again with --delete to delete them");
    }
    out.flush();
  }

  private Duration duration(String option, String text) {
    return DurationText.parse(text).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
        option + ": '" + text + "' is not a duration; " + DurationText.FORMS));
  }
}
