package dev.skiff.cli;

import dev.skiff.registry.site.PullCommands;
import dev.skiff.registry.site.SitePublisher;
import dev.skiff.registry.site.SiteRenderer;
import dev.skiff.registry.site.SiteReport;
import dev.skiff.registry.site.SiteRequest;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.Counted;
import dev.skiff.spi.StaticFiles;
import dev.skiff.support.IoMessages;
import dev.skiff.support.UrlCredentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skiff site}: the registry as a static site. */
@Command(
    name = "site",
    mixinStandardHelpOptions = true,
    header = "Render the registry repository as a static site, and publish it.",
    description = {"Render the registry repository into a folder that any static host serves: the registry API "
            + "(<ns>/tags/, <ns>/manifests/<tag>/, each beside an index.json), a catalog of namespaces, a page "
            + "per namespace with the commands that pull each tag, and search.",
        "",
        "Over an earlier render in --out, only the namespaces changed since the revision it records are "
            + "written again, with the lists of the whole site; the result is the same as a whole render."},
    footer = {"",
        "Exit codes: 0 the site was rendered; 1 a page could not be read (it is left out and named), or "
            + "the registry, a revision or --out is unusable; 2 bad usage."})
final class SiteCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--registry", paramLabel = "DIR|URL", defaultValue = ".",
      description = "The registry repository: a folder or a git URL (default: the current folder).")
  String registry;

  @Option(names = "--rev", paramLabel = "REV", description = "The revision to render (default: HEAD).")
  String rev;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "Where the site goes: a new or empty folder, or an earlier render.")
  Path out;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Where the site is served, such as https://myorg.github.io/registry/; without it the pages"
          + " show only the pull commands that need no address of the site.")
  String baseUrl;

  @Option(names = "--since", paramLabel = "REV",
      description = "Write only what changed since REV over the earlier render in --out (default: the revision"
          + " that render records).")
  String since;

  @Option(names = "--force", description = "Write into a folder that holds other files.")
  boolean force;

  @Option(names = "--publish", paramLabel = "URI",
      description = "Then copy the site to file:DIR, s3://BUCKET/PREFIX or gs://BUCKET/PREFIX, sending only what"
          + " changed and removing what the site no longer has; storage settings and credentials as for skiff run.")
  URI publish;

  @CommandLine.ParentCommand
  SkiffCommand parent;

  @Override
  public Integer call() throws SkiffException, InterruptedException {
    SiteReport report = SiteRenderer.render(new SiteRequest(registry, Optional.ofNullable(rev), out,
        Optional.ofNullable(baseUrl), Optional.ofNullable(since), force));
    PrintWriter err = spec.commandLine().getErr();
    for (SiteReport.SkippedPage page : report.skipped()) {
      err.println("skipped " + Terminal.safe(page.path()) + ": " + Terminal.safe(page.reason()));
    }
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "Site: %s, %s of commit %s, %s (%s written) in %.2f s%n",
        Counted.of(report.namespaces(), "namespace"), Counted.of(report.manifests(), "tag"),
        report.revision().substring(0, 12), report.incremental() ? "updated" : "rendered",
        Counted.of(report.rendered(), "namespace"), report.took().toMillis() / 1000.0);
    if (!report.skipped().isEmpty()) {
      out.printf("Skipped %d page(s) that could not be read; the site leaves them out%n", report.skipped().size());
    }
    out.println("Open: " + report.out().resolve("index.html"));
    out.println("Pull: " + PullCommands.forSite(Optional.ofNullable(baseUrl).map(String::strip)).summary());
    out.flush();
    if (publish != null) {
      SitePublisher.Published published = publish(report);
      out.printf("Published to %s: %d file(s) sent, %d removed, %d unchanged%n", UrlCredentials.strip(publish.toString()),
          published.uploaded(), published.deleted(), published.unchanged());
      out.flush();
    }
    return report.complete() ? 0 : 1;
  }

  private SitePublisher.Published publish(SiteReport report) throws SkiffException, InterruptedException {
    try (StaticFiles target = parent.skiff(Path.of("")).staticFiles(publish)) {
      return SitePublisher.publish(report.out(), target);
    } catch (IOException e) {
      throw new SkiffException("site " + UrlCredentials.strip(publish.toString()) + ": publishing failed: "
          + IoMessages.describe(e), e);
    }
  }
}
