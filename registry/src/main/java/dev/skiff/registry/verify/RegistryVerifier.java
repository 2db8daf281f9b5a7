package dev.skiff.registry.verify;

import dev.skiff.model.Namespace;
import dev.skiff.registry.RegistryKeys;
import dev.skiff.signing.PublicKeys;
import dev.skiff.signing.SifSignatureChecker;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.BoundedWorkers;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * {@code skiff verify}: proves a pull request to the registry safe to merge. Every changed path
 * must lie in the namespace the branch may change and be a plain page of the registry layout;
 * every changed page must be well formed; every changed manifest's blob must be served with the
 * recorded size, an allowed type and the SIF magic (and, deep, the recorded sha256).
 */
public final class RegistryVerifier {
  private final HttpClient client;
  private final PublicAddresses publicAddresses;

  /** @param client the HTTP client for blob checks; it must not follow redirects by itself */
  public RegistryVerifier(HttpClient client) {
    this(client, PublicAddresses.SYSTEM_RESOLVER);
  }

  /** @param publicAddresses which hosts blobs may be fetched from, unless the rules allow private ones */
  RegistryVerifier(HttpClient client, PublicAddresses publicAddresses) {
    this.client = client;
    this.publicAddresses = publicAddresses;
  }

  /** A client suited to blob checks: no automatic redirects, a connect timeout. */
  public static HttpClient defaultClient(Duration connectTimeout) {
    return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout).build();
  }

  /**
   * @throws UsageException when a revision does not exist
   * @throws SkiffException when the repository or its rules file cannot be read
   */
  public VerifyReport verify(VerifyRequest request) throws SkiffException, InterruptedException {
    long start = System.nanoTime();
    if (request.origin().headRepository().isPresent() && request.origin().registry().isEmpty()) {
      throw new UsageException("--head-repository " + request.origin().headRepository().get()
          + " cannot be judged without the registry's own name: give --repository OWNER/NAME");
    }
    try (Repository repository = open(request)) {
      PullRequestDiff diff = PullRequestDiff.read(repository, request.base(), request.head());
      if (diff.changes().isEmpty() && !request.allowEmpty()) {
        // Most often a wrong --head (HEAD is the base's checkout): a verdict on nothing proves nothing.
        throw new UsageException("merging " + request.head() + " into " + request.base()
            + " changes nothing, so there is nothing to verify; check --head (default HEAD), or pass --allow-empty");
      }
      PathChecks paths = new PathChecks(diff.rules(), request.branch(), diff.mergedPaths(), request.origin());
      PageChecks pages = new PageChecks(diff.rules());
      List<Finding> findings = new ArrayList<>();
      for (Change change : diff.changes()) {
        List<Finding> pathFindings = paths.check(change);
        findings.addAll(pathFindings);
        boolean safe = pathFindings.stream().allMatch(Finding::passed);
        if (safe && change.kind() != Change.Kind.DELETE) {
          findings.addAll(pages.check(change));
        }
      }
      PublicKeys keys = RegistryKeys.parse(diff.keys());
      SignaturePolicy signatures = new SignaturePolicy(diff.rules(), keys);
      BlobProbe probe = new BlobProbe(client, diff.rules(), request.timeout(), request.attempts(), request.deep(),
          diff.rules().allowPrivateAddresses() ? PublicAddresses.ANY : publicAddresses,
          signatures.active() ? Optional.of(new SifSignatureChecker(keys, Instant.now())) : Optional.empty());
      findings.addAll(checkBlobs(pages.blobs(), probe, signatures, request.concurrency()));
      findings.sort(Comparator.comparing(Finding::path));
      return new VerifyReport(request.branch(), paths.branchNamespace().map(Namespace::toString),
          diff.base().name(), diff.head().name(), findings, probe.requests(), Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new SkiffException("registry " + request.repository() + ": cannot read the git repository: " + e.getMessage(), e);
    }
  }

  private static Repository open(VerifyRequest request) throws SkiffException, IOException {
    File gitDir = RepositoryCache.FileKey.resolve(request.repository().toFile(), FS.DETECTED);
    if (gitDir == null) {
      gitDir = new FileRepositoryBuilder().findGitDir(request.repository().toFile()).getGitDir();
    }
    if (gitDir == null) {
      throw new UsageException("--repo " + request.repository() + ": not a git repository");
    }
    return new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
  }

  /**
   * Checks each distinct blob (URL, size and digest) once, however many manifests record it (every
   * tag of a namespace often names one image), and gives each manifest that blob's outcome.
   */
  private static List<Finding> checkBlobs(List<BlobTarget> blobs, BlobProbe probe, SignaturePolicy signatures,
      int concurrency) throws InterruptedException {
    Map<BlobTarget.Claim, List<BlobTarget>> byClaim = blobs.stream()
        .collect(Collectors.groupingBy(BlobTarget::claim, LinkedHashMap::new, Collectors.toList()));
    List<List<BlobTarget>> groups = List.copyOf(byClaim.values());
    List<BlobProbe.Probed> first = BoundedWorkers.map(groups, concurrency, "skiff-verify-blob",
        group -> probe.check(group.get(0)));
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      Finding outcome = first.get(i).finding();
      for (BlobTarget blob : groups.get(i)) {
        findings.add(new Finding(blob.path(), outcome.check(), outcome.passed(), outcome.message()));
        // Each manifest's namespace binds its own keys, and each records its own signer.
        first.get(i).signatures().ifPresentOrElse(found -> findings.add(signatures.judge(blob, found)),
            () -> signatures.withoutDownload(blob).filter(f -> outcome.passed()).ifPresent(findings::add));
      }
    }
    return findings;
  }
}
