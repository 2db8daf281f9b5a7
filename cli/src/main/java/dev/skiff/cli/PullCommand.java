package dev.skiff.cli;

import dev.skiff.Skiff;
import dev.skiff.events.SkiffEvent;
import dev.skiff.events.Step;
import dev.skiff.registry.pull.PullClient;
import dev.skiff.registry.pull.PullReference;
import dev.skiff.registry.pull.PullRequest;
import dev.skiff.registry.pull.PullResult;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.RetryPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skiff pull}: an image from a registry site, checked before it appears. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    header = "Download an image from a registry site, checked against its sha256.",
    description = {"Download an image from a registry site: read its manifest from the site's API, fetch the blob, "
            + "and write FILE only when the blob's size and sha256 are the recorded ones.",
        "",
        "REF is [SITE/]OWNER/NAME[:TAG|@sha256:HEX], such as myorg.github.io/registry/lab/tool:latest; "
            + "SITE is https unless it names its scheme. Blobs are kept by digest in $XDG_CACHE_HOME/skiff "
            + "(~/.cache/skiff), checked, so pulling the same image again downloads nothing; FILE is a copy, "
            + "yours to change. A download cut off (a lost connection, Ctrl-C, a killed process) continues "
            + "where it stopped when pulled again. Blobs a registry records as s3:// or gs:// URIs, and private "
            + "buckets' and OCI registries' URLs, are read with the environment's credentials and the storage "
            + "settings skiff run takes (storage.s3.*, storage.gcs.*, SKIFF_OCI_USERNAME); an OCI registry that "
            + "wants a token for a public image gets an anonymous one. Where the site's registry requires signed "
            + "images (or with --require-signature), the image is written only if its signatures hold, by the "
            + "site's keys for its namespace."},
    footer = {"",
        "Exit codes: 0 the image is in FILE; 1 no such tag or digest, a site that is no registry's, a "
            + "blob that does not match (nothing is kept), a signature that is missing or does not hold "
            + "(nothing is written), or a server that failed; 2 bad usage; 130 "
            + "interrupted (what arrived is kept for the next pull)."})
final class PullCommand implements Callable<Integer> {
  @Mixin
  QuietOption quietOption;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.ParentCommand
  SkiffCommand parent;

  @Parameters(index = "0", paramLabel = "REF", description = "What to pull: [SITE/]OWNER/NAME[:TAG|@sha256:HEX].")
  String reference;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where the image goes (default: NAME_TAG.sif).")
  Path output;

  @Option(names = "--site", paramLabel = "URL",
      description = "The site, for references that name none (default: SKIFF_SITE, or site: in ./skiff.yml).")
  String site;

  @Option(names = "--require-signature",
      description = "Write the image only if it carries a valid signature by one of the site's keys bound to its "
          + "namespace (the site's _skiff/keys/), even where the registry does not require signatures. Where it "
          + "does, every pull checks.")
  boolean requireSignature;

  @Override
  public Integer call() throws SkiffException, InterruptedException {
    Map<String, String> env = parent.environment();
    Skiff skiff = parent.skiff(Path.of(""));
    if (site != null) {
      skiff.set("site", site);
    }
    PullReference ref = PullReference.parse(reference, () -> skiff.setting("site").filter(s -> !s.isBlank()));
    PrintWriter err = spec.commandLine().getErr();
    ConsoleRenderer renderer = new ConsoleRenderer(err, parent.verbose, quietOption.quiet, System.console() != null);
    String subject = ref.shortName();
    long start = System.nanoTime();
    PullClient client = new PullClient(RetryPolicy.DEFAULT, skiff::readBlob);
    PullResult result = client.pull(new PullRequest(ref,
        Optional.ofNullable(output), cache(env),
        (done, total) -> renderer.on(new SkiffEvent.Progress(Step.PULL, subject, done, total)), requireSignature));
    renderer.on(new SkiffEvent.Finished(Step.PULL, subject, result.fromCache() ? "from the cache, nothing downloaded"
        : "downloaded " + result.downloaded() + " bytes", Duration.ofNanos(System.nanoTime() - start)));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%s: %s (%d bytes) in %s%n", subject, result.digest(), result.size(), result.file());
    for (String signer : result.signers()) {
      out.printf("%s: signed by %s%n", subject, signer);
    }
    out.flush();
    return 0;
  }

  /** The XDG cache folder of the run's user. */
  static Path cache(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "skiff");
    }
    return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache", "skiff");
  }
}
