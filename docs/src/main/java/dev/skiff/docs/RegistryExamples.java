package dev.skiff.docs;

import dev.skiff.Skiff;
import dev.skiff.registry.RegistryInit;
import dev.skiff.registry.gc.GarbageCollector;
import dev.skiff.registry.gc.GcReport;
import dev.skiff.registry.gc.GcRequest;
import dev.skiff.registry.pull.PullClient;
import dev.skiff.registry.pull.PullReference;
import dev.skiff.registry.pull.PullRequest;
import dev.skiff.registry.pull.PullResult;
import dev.skiff.registry.site.SiteRenderer;
import dev.skiff.registry.site.SiteReport;
import dev.skiff.registry.site.SiteRequest;
import dev.skiff.registry.verify.RegistryVerifier;
import dev.skiff.registry.verify.VerifyReport;
import dev.skiff.registry.verify.VerifyRequest;
import dev.skiff.spi.ProgressListener;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.support.RetryPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The registry's side of the user guide's embedding section, from Java: creating a registry,
 * verifying a pull request, rendering the site, pulling an image and sweeping the store. The docs
 * module compiles these and its tests run them.
 */
public final class RegistryExamples {
  private RegistryExamples() {}

  /** {@code skiff registry init}: a new registry repository for an organization. */
  public static String createRegistry(Path folder) throws SkiffException {
    return RegistryInit.init(folder, "main", "myorg"); // the first commit's id
  }

  /** {@code skiff verify}: what the registry's CI checks on a pull request, before anyone merges it. */
  public static VerifyReport verifyPullRequest(Path registry, String headCommit, String branch)
      throws SkiffException, InterruptedException {
    VerifyRequest request = new VerifyRequest(registry, "main", headCommit, branch, false,
        VerifyRequest.DEFAULT_CONCURRENCY, VerifyRequest.DEFAULT_TIMEOUT, VerifyRequest.DEFAULT_ATTEMPTS);
    VerifyReport report = new RegistryVerifier(RegistryVerifier.defaultClient(Duration.ofSeconds(10))).verify(request);
    report.findings().stream().filter(finding -> !finding.passed())
        .forEach(finding -> System.err.println(finding.path() + ": " + finding.message()));
    return report; // report.passed() says whether the pull request may be merged
  }

  /** {@code skiff site}: the static site of a revision of the registry, into a folder. */
  public static SiteReport renderSite(Path registry, String revision, Path out) throws SkiffException {
    SiteRequest request = SiteRequest.of(registry.toString(), out)
        .withRev(revision)
        .withBaseUrl("https://myorg.github.io/registry/");
    return SiteRenderer.render(request); // report.skipped() lists pages left out, and why
  }

  /** {@code skiff pull}: an image by reference from a registry's site, checked against its digest. */
  public static PullResult pull(String reference, Path output, Path cache) throws SkiffException, InterruptedException {
    PullReference ref = PullReference.parse(reference, Optional.of("https://myorg.github.io/registry/"));
    return new PullClient(RetryPolicy.DEFAULT).pull(new PullRequest(ref, Optional.of(output), cache, ProgressListener.NONE));
  }

  /** {@code skiff gc}: what the store holds that the registry no longer refers to; deleted only when asked. */
  public static GcReport sweep(Skiff skiff, Path registry, boolean delete)
      throws SkiffException, IOException, InterruptedException {
    GcRequest request = new GcRequest(registry.toString(), Duration.ofDays(7), Optional.empty(), delete, Instant.now());
    try (Storage storage = skiff.openStorage()) { // the storage Skiff's settings name
      return GarbageCollector.collect(request, storage, object -> System.out.println("unreferenced: " + object.where()));
    }
  }
}
