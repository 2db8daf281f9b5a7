package dev.skiff.registry.verify;

import static dev.skiff.registry.verify.RegistryVerifierIT.BRANCH;
import static dev.skiff.registry.verify.RegistryVerifierIT.NS;
import static dev.skiff.registry.verify.RegistryVerifierIT.assertPassed;
import static dev.skiff.registry.verify.RegistryVerifierIT.assertRejected;
import static dev.skiff.registry.verify.RegistryVerifierIT.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.Digest;
import dev.skiff.testing.Tools;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull requests an attacker writes to get past verify, each built object by object in a real
 * repository with its blob served over loopback HTTPS, so that only the rule under test can refuse
 * it; and beside each, the honest pull request the rule must let through.
 */
class VerifyAttacksIT {
  static final String OTHER = "myorg/other/manifests/latest/README.md";

  @TempDir
  static Path serverDir;

  static BlobServer server;
  static byte[] sif;
  static byte[] newerSif;

  @TempDir
  Path registry;

  RegistryScenario scenario;

  @BeforeAll
  static void startServer() throws Exception {
    server = new BlobServer(serverDir);
    sif = RegistryVerifierIT.sifBytes(serverDir.resolve("a.sif"), 1);
    newerSif = RegistryVerifierIT.sifBytes(serverDir.resolve("b.sif"), 2);
    server.put("a.sif", sif);
    server.put("b.sif", newerSif);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void registry() throws Exception {
    scenario = new RegistryScenario(registry);
    scenario.onMain()
        .write("myorg/other/README.md", "---\nlayout: collection\ndescription: other\n---\n")
        .write(OTHER, manifest("latest", sif, server.https("/blobs/a.sif")))
        .write(NS + "README.md", "---\nlayout: collection\ndescription: CentOS\n---\n")
        .commit();
  }

  @AfterEach
  void close() {
    scenario.close();
  }

  VerifyReport verify(String branch, String head) throws Exception {
    return verify(branch, head, VerifyRequest.Origin.REGISTRY_ITSELF);
  }

  VerifyReport verify(String branch, String head, VerifyRequest.Origin origin) throws Exception {
    // 30 s per request: a busy machine answers slowly, and no test here waits out a deadline.
    return new RegistryVerifier(client()).verify(new VerifyRequest(registry, "main", head, branch, false, 4,
        Duration.ofSeconds(30), 1, origin, false));
  }

  static HttpClient client() {
    return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).sslContext(server.clientContext())
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  // --- Names the site needs are not namespaces ---

  @Test
  void namesTheSiteUsesOrHostsHideAreNoNamespacesAndAnHonestOnePasses() throws Exception {
    String url = server.https("/blobs/a.sif").toString();
    for (String namespace : new String[] {"api/container", "v2/lab", "API/container", "V2/lab", "lab/_site",
        "lab/.well-known"}) {
      String page = namespace + "/manifests/latest/README.md";
      String head = scenario.pullRequest("update/" + namespace).write(page, manifest("latest", sif, URI.create(url)))
          .commit();
      VerifyReport report = verify("update/" + namespace, head);
      assertThat(report.passed()).as(namespace).isFalse();
      assertThat(report.findings()).as(namespace).anyMatch(f -> f.path().equals(page) && !f.passed());
    }
    String honest = scenario.pullRequest(BRANCH).write(NS + "manifests/latest/README.md", manifest("latest", sif,
        URI.create(url))).commit();
    assertThat(verify(BRANCH, honest).passed()).isTrue();
  }

  // --- Numbers are numbers ---

  @Test
  void aSizeNoLongHoldsNegativeOrFractionalIsRefusedAndTheHonestOnePasses() throws Exception {
    String digest = Digest.sha256(sif).toString();
    String url = server.https("/blobs/a.sif").toString();
    // 2^64 + the real size: read into a long it wraps to the real size, and would pass every other check.
    String wrapping = java.math.BigInteger.TWO.pow(64).add(java.math.BigInteger.valueOf(sif.length)).toString();
    for (String size : new String[] {wrapping, "-" + sif.length, sif.length + ".5", sif.length + ".0"}) {
      String head = scenario.pullRequest(BRANCH).write(NS + "manifests/n/README.md", "---\nlayout: manifests/singularity"
          + "\nsize: " + size + "\ndigest: " + digest + "\nlayers:\n- size: " + size + "\n  digest: " + digest
          + "\n  url: " + url + "\n---\n").commit();
      assertRejected(verify(BRANCH, head), NS + "manifests/n/README.md", "size must be a positive whole number of"
          + " bytes, not");
    }
    String honest = scenario.pullRequest(BRANCH).write(NS + "manifests/n/README.md", RegistryVerifierIT.manifest(
        sif.length, digest, digest, url)).commit();
    assertThat(verify(BRANCH, honest).passed()).isTrue();
  }

  // --- Bounded reads ---

  VerifyReport verifyDeep(String head, Duration timeout) throws Exception {
    return new RegistryVerifier(client()).verify(new VerifyRequest(registry, "main", head, BRANCH, true, 4, timeout, 1,
        VerifyRequest.Origin.REGISTRY_ITSELF, false));
  }

  @Test
  void aBodyWithoutEndIsCutOffAtTheRecordedSizeAndTheHonestOnePasses() throws Exception {
    String page = NS + "manifests/7/README.md";
    String head = scenario.pullRequest(BRANCH).write(page, manifest("7", sif, server.https("/endless/a.sif"))).commit();
    assertRejected(verifyDeep(head, Duration.ofSeconds(30)), page, "sends more than the " + sif.length
        + " bytes the manifest says");
    String honest = scenario.pullRequest(BRANCH).write(page, manifest("7", sif, server.https("/blobs/a.sif"))).commit();
    assertPassed(verifyDeep(honest, Duration.ofSeconds(30)));
  }

  @Test
  void aBodyThatStopsComingEndsAtItsDeadline() throws Exception {
    String page = NS + "manifests/7/README.md";
    String head = scenario.pullRequest(BRANCH).write(page, manifest("7", sif, server.https("/drip/a.sif"))).commit();
    // The server sends 100 bytes and then nothing, until it stops: only the deadline ends the wait.
    assertRejected(verifyDeep(head, Duration.ofSeconds(1)), page, "did not send its " + sif.length + " bytes within 1 s");
  }

  @Test
  void theSifHeaderIsJudgedWhateverPiecesItArrivesIn() throws Exception {
    String page = NS + "manifests/7/README.md";
    // A real SIF whose first 10 bytes arrive apart from the rest.
    String honest = scenario.pullRequest(BRANCH).write(page, manifest("7", sif, server.https("/pieces/a.sif"))).commit();
    assertPassed(verifyDeep(honest, Duration.ofSeconds(30)));
    // Not a SIF: 10 bytes, then a SIF. Its second piece has the magic where a header would.
    byte[] fake = new byte[sif.length];
    System.arraycopy(sif, 0, fake, 10, sif.length - 10);
    server.put("fake.sif", fake);
    String head = scenario.pullRequest(BRANCH).write(page, manifest("7", fake, server.https("/pieces/fake.sif"))).commit();
    assertRejected(verifyDeep(head, Duration.ofSeconds(30)), page, "does not start like a SIF image");
  }

  // --- A rollback of other namespaces through a second merge base ---

  @Test
  void aCrissCrossHistoryCannotRollBackAnotherNamespace() throws Exception {
    String older = scenario.repository().resolve("main").name();
    // Another namespace's honest update lands on main.
    String updated = scenario.onMain().write(OTHER, manifest("latest", newerSif, server.https("/blobs/b.sif")))
        .commit();
    // The attacker's harmless first pull request, branched from the older tip, dated in the future
    // so that it is the merge base JGit finds first; merged.
    String harmless = scenario.on("attacker-first", older).write(NS + "tags/README.md", "---\nlayout: tags\n---\n")
        .at(Instant.now().plus(Duration.ofDays(30))).commit();
    scenario.onMain().write(NS + "tags/README.md", "---\nlayout: tags\n---\n").alsoParent(harmless).commit();
    // The second: 'git merge -s ours' of the newer tip into the first, plus an innocent edit.
    String head = scenario.on(BRANCH, harmless).alsoParent(updated)
        .write(NS + "README.md", "---\nlayout: collection\ndescription: CentOS 8\n---\n").commit();

    // What a single merge base shows: the innocent edit alone.
    try (RevWalk walk = new RevWalk(scenario.repository())) {
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(walk.parseCommit(scenario.repository().resolve("main")));
      walk.markStart(walk.parseCommit(scenario.repository().resolve(head)));
      assertThat(walk.next().name()).as("the newest merge base").isEqualTo(harmless);
    }
    // What merging does, as git itself merges: the other namespace's page goes back to the older blob.
    assertThat(pageAfterMerge(head, OTHER)).contains(Digest.sha256(sif).hex())
        .doesNotContain(Digest.sha256(newerSif).hex());

    VerifyReport report = verify(BRANCH, head);
    assertRejected(report, OTHER, "a file of namespace myorg/other, but branch update/myorg/centos may change only");
  }

  @Test
  void anHonestMergeOfTheDefaultBranchIntoAnUpdateBranchPasses() throws Exception {
    String older = scenario.repository().resolve("main").name();
    String branched = scenario.on(BRANCH, older)
        .write(NS + "manifests/7/README.md", manifest("7", sif, server.https("/blobs/a.sif"))).commit();
    String updated = scenario.onMain().write(OTHER, manifest("latest", newerSif, server.https("/blobs/b.sif")))
        .commit();
    // The author brings main into the branch (a real merge: main's change is in the tree).
    String head = scenario.on(BRANCH, branched).alsoParent(updated)
        .write(OTHER, manifest("latest", newerSif, server.https("/blobs/b.sif"))).commit();
    assertPassed(verify(BRANCH, head));
  }

  @Test
  void aPullRequestThatDoesNotMergeCleanlyFails() throws Exception {
    String older = scenario.repository().resolve("main").name();
    scenario.onMain().write(NS + "README.md", "---\nlayout: collection\ndescription: one\n---\n").commit();
    String head = scenario.on(BRANCH, older)
        .write(NS + "README.md", "---\nlayout: collection\ndescription: two\n---\n").commit();
    assertThatThrownBy(() -> verify(BRANCH, head)).hasMessage("the pull request does not merge cleanly into main"
        + " (conflicts in " + NS + "README.md); update its branch first");
  }

  // --- A page body hidden behind another end of front matter ---

  @Test
  void aBodyAfterAnotherEndOfFrontMatterIsRefused() throws Exception {
    for (String end : new String[] {"...", "...   ", "---  "}) {
      String head = scenario.pullRequest(BRANCH).write(NS + "README.md", "---\nlayout: collection\ndescription: x\n"
          + end + "\n<script>alert(document.domain)</script>\n---\n").commit();
      assertRejected(verify(BRANCH, head), NS + "README.md", "has content after its front matter");
    }
  }

  @Test
  void frontMatterWithTwoDocumentsIsRefused() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "README.md", "---\nlayout: collection\n--- !hidden\npermalink: /x/\n---\n").commit();
    assertRejected(verify(BRANCH, head), NS + "README.md", "front matter holds more than one YAML document");
  }

  @Test
  void pagesWithWindowsLineEndingsPass() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "README.md", "---\r\nlayout: collection\r\ndescription: CentOS, with CRLF\r\n---\r\n")
        .write(NS + "manifests/7/README.md", manifest("7", sif, server.https("/blobs/a.sif")).replace("\n", "\r\n"))
        .commit();
    assertPassed(verify(BRANCH, head));
  }

  // --- A page taking over another namespace's URL; markup in values ---

  @Test
  void keysSkiffDoesNotWriteAreRefusedByName() throws Exception {
    String head = scenario.pullRequest(BRANCH).write(NS + "manifests/latest/README.md",
        manifest("latest", sif, server.https("/blobs/a.sif")).replace("---\nlayout:",
            "---\npermalink: /myorg/other/manifests/latest/\nlayout:")).commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/latest/README.md",
        "key 'permalink' is not allowed in a manifest page; allowed: digest, layers, layout, size, skiff");
  }

  @Test
  void theRulesMayAddKeysButNotTakeAwaySkiffsOwn() throws Exception {
    scenario.onMain().write(RegistryRules.FILE, "page-keys:\n  collection: [maintainer]\n"
        + RegistryScenario.LOOPBACK_BLOBS).commit();
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "README.md", "---\nlayout: collection\ndescription: CentOS\nmaintainer: lab\n---\n").commit();
    assertPassed(verify(BRANCH, head));
  }

  @Test
  void markupInAValueShownOnTheSiteIsRefused() throws Exception {
    String[] hostile = {"<img src=x onerror=alert(1)>", "{{ site.github.token }}", "[Approve](https://evil.example)"};
    for (String description : hostile) {
      String head = scenario.pullRequest(BRANCH).write(NS + "README.md",
          "---\nlayout: collection\ndescription: '" + description + "'\n---\n").commit();
      assertRejected(verify(BRANCH, head), NS + "README.md", "description holds markup");
    }
  }

  @Test
  void labelsMayNameTheirAuthorWithAnAddress() throws Exception {
    String page = manifest("latest", sif, server.https("/blobs/a.sif")).replace("\n---\n",
        "\nskiff:\n  tag: latest\n  labels:\n    Author: Jane <jane@example.org>\n---\n");
    String head = scenario.pullRequest(BRANCH).write(NS + "manifests/latest/README.md", page).commit();
    assertPassed(verify(BRANCH, head));
  }

  // --- Who asks ---

  @Test
  void aPullRequestFromAForkTheRulesDoNotNameIsRefused() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/7/README.md", manifest("7", sif, server.https("/blobs/a.sif"))).commit();
    VerifyRequest.Origin fork = new VerifyRequest.Origin(Optional.of("myorg/registry"), Optional.of("mallory/registry"),
        Optional.of("mallory"));
    assertRejected(verify(BRANCH, head, fork), NS + "manifests/7/README.md",
        "the pull request comes from mallory/registry, which may not change namespaces");

    VerifyRequest.Origin own = new VerifyRequest.Origin(Optional.of("myorg/registry"), Optional.of("MyOrg/Registry"),
        Optional.of("bot"));
    assertPassed(verify(BRANCH, head, own));
    scenario.onMain().write(RegistryRules.FILE, "forks: [myorg-bot/registry]\n" + RegistryScenario.LOOPBACK_BLOBS)
        .commit();
    VerifyRequest.Origin namedFork = new VerifyRequest.Origin(Optional.of("myorg/registry"),
        Optional.of("myorg-bot/registry"), Optional.of("bot"));
    assertPassed(verify(BRANCH, head, namedFork));
  }

  @Test
  void aNamespaceBoundToAuthorsChangesOnlyThroughThem() throws Exception {
    scenario.onMain().write(RegistryRules.FILE, "authors:\n  MyOrg/CentOS: [alice]\n" + RegistryScenario.LOOPBACK_BLOBS)
        .commit();
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/7/README.md", manifest("7", sif, server.https("/blobs/a.sif"))).commit();
    assertRejected(verify(BRANCH, head, origin("mallory")), NS + "manifests/7/README.md",
        "namespace myorg/centos may be changed only by alice, not by mallory");
    assertRejected(verify(BRANCH, head), NS + "manifests/7/README.md", "the pull request's author is not known");
    assertPassed(verify(BRANCH, head, origin("Alice")));
  }

  private static VerifyRequest.Origin origin(String author) {
    return new VerifyRequest.Origin(Optional.of("myorg/registry"), Optional.of("myorg/registry"), Optional.of(author));
  }

  @Test
  void aHeadRepositoryWithoutTheRegistrysNameIsAUsageError() throws Exception {
    String head = scenario.pullRequest(BRANCH).write(NS + "tags/README.md", "---\nlayout: tags\n---\n").commit();
    VerifyRequest.Origin unknown = new VerifyRequest.Origin(Optional.empty(), Optional.of("mallory/registry"),
        Optional.empty());
    assertThatThrownBy(() -> verify(BRANCH, head, unknown)).isInstanceOf(UsageException.class)
        .hasMessageContaining("give --repository OWNER/NAME");
  }

  // --- Case variants ---

  @Test
  void aCaseVariantOfANamespaceIsTheSameNamespace() throws Exception {
    scenario.onMain().write(RegistryRules.FILE, "namespaces:\n  myorg/centos: [centos-images]\n"
        + RegistryScenario.LOOPBACK_BLOBS).commit();
    String variant = "MyOrg/CentOS/manifests/latest/README.md";
    String head = scenario.pullRequest("update/MyOrg/CentOS")
        .write(variant, manifest("latest", sif, server.https("/blobs/a.sif"))).commit();
    VerifyReport report = verify("update/MyOrg/CentOS", head);
    assertRejected(report, variant, "may change only nothing");
    assertRejected(report, variant, "collides with myorg/ when case is folded");

    String honest = scenario.pullRequest("centos-images")
        .write(NS + "manifests/7/README.md", manifest("7", sif, server.https("/blobs/a.sif"))).commit();
    assertPassed(verify("centos-images", honest));
  }

  // --- Fetches of internal addresses ---

  /** A pull request whose one manifest names the blob at {@code url}, the rules' defaults otherwise. */
  private String pullRequestNaming(URI url) throws Exception {
    scenario.onMain().write(RegistryRules.FILE, "max-file-size: 65536\n").commit();
    return scenario.pullRequest(BRANCH).write(NS + "manifests/7/README.md", manifest("7", sif, url)).commit();
  }

  @Test
  void blobUrlsOnLoopbackArePrivateUnlessTheRulesAllowThem() throws Exception {
    String head = pullRequestNaming(server.https("/blobs/a.sif"));
    int before = server.requests.get();
    assertRejected(verify(BRANCH, head), NS + "manifests/7/README.md", "names 127.0.0.1, a loopback address; verify"
        + " fetches from public addresses only (allow-private-addresses: true in .skiff/registry.yml opens it");
    assertThat(server.requests.get()).as("requests that reached the server").isEqualTo(before);
  }

  @Test
  void aRedirectToAnInternalAddressIsRefusedBeforeItIsFollowed() throws Exception {
    String head = pullRequestNaming(server.https("/to-localhost/a.sif"));
    // 127.0.0.1 stands in for a public server here; localhost is what it is.
    PublicAddresses resolver = resolver(Map.of("127.0.0.1", "203.0.113.7", "localhost", "127.0.0.1"));
    VerifyReport report = new RegistryVerifier(client(), resolver).verify(new VerifyRequest(registry, "main", head,
        BRANCH, false, 4, Duration.ofSeconds(5), 1));
    assertRejected(report, NS + "manifests/7/README.md", "redirects to https://localhost:");
    assertRejected(report, NS + "manifests/7/README.md", "which names localhost, which resolves to 127.0.0.1, a loopback");
  }

  // --- OCI registries' tokens ---

  /** Verify as the registry's CI runs it, 127.0.0.1 and localhost standing in for public hosts. */
  private VerifyReport verifyWithPublicLoopback(String head, boolean deep, Map<String, String> table) throws Exception {
    return new RegistryVerifier(client(), resolver(table)).verify(new VerifyRequest(registry, "main", head, BRANCH, deep,
        4, Duration.ofSeconds(30), 1));
  }

  @Test
  void aRegistryWantingATokenForAPublicBlobGetsAnAnonymousOneThatGoesNowhereElse() throws Exception {
    String head = pullRequestNaming(server.https("/oci/a.sif"));
    int tokens = server.tokensIssued.get();
    // As GitHub Container Registry serves a public image: a token first, then the blob from a CDN.
    VerifyReport report = verifyWithPublicLoopback(head, true, Map.of("127.0.0.1", "203.0.113.7",
        "localhost", "203.0.113.8"));
    assertPassed(report);
    assertThat(server.tokensIssued.get() - tokens).as("one token for the blob's HEAD and GET").isEqualTo(1);
    assertThat(server.authorizationsAtTheCdn).as("the token stays with the registry").isEmpty();
  }

  @Test
  void aTokenRealmOnAnInternalAddressIsNotAsked() throws Exception {
    String head = pullRequestNaming(server.https("/oci-realm-at-localhost/a.sif"));
    int tokens = server.tokensIssued.get();
    VerifyReport report = verifyWithPublicLoopback(head, false, Map.of("127.0.0.1", "203.0.113.7",
        "localhost", "127.0.0.1"));
    assertRejected(report, NS + "manifests/7/README.md", "asks for a token from https://localhost:");
    assertRejected(report, NS + "manifests/7/README.md", "which names localhost, which resolves to 127.0.0.1, a loopback");
    assertThat(server.tokensIssued.get()).as("tokens asked of the internal realm").isEqualTo(tokens);
  }

  @Test
  void aBlobNoAnonymousReaderGetsATokenForIsSaidToBePrivate() throws Exception {
    String head = pullRequestNaming(server.https("/oci-private/a.sif"));
    assertRejected(verifyWithPublicLoopback(head, false, Map.of("127.0.0.1", "203.0.113.7")),
        NS + "manifests/7/README.md", "answers 401, and its token service gives an anonymous reader no token for it:"
            + " a private image?");
  }

  @Test
  void everyKindOfInternalAddressIsNamed() {
    PublicAddresses resolver = resolver(Map.of("blobs.example", "93.184.216.34", "intranet.example", "10.1.2.3",
        "cgnat.example", "100.64.0.9"));
    assertThat(resolver.refusal(URI.create("https://blobs.example/a.sif"))).isEmpty();
    assertThat(resolver.refusal(URI.create("https://intranet.example/a.sif")).orElseThrow())
        .startsWith("names intranet.example, which resolves to 10.1.2.3, a private address");
    assertThat(resolver.refusal(URI.create("https://cgnat.example/a.sif")).orElseThrow()).contains("carrier-grade NAT");
    assertThat(PublicAddresses.SYSTEM_RESOLVER.refusal(URI.create("https://169.254.169.254/latest/meta-data/"))
        .orElseThrow()).contains("a link-local address (where cloud metadata services answer)");
    assertThat(PublicAddresses.SYSTEM_RESOLVER.refusal(URI.create("https://[fd00:ec2::254]/")).orElseThrow())
        .contains("a private (unique local) address");
    assertThat(PublicAddresses.SYSTEM_RESOLVER.refusal(URI.create("https://[::1]/")).orElseThrow()).contains("loopback");
    assertThat(PublicAddresses.SYSTEM_RESOLVER.refusal(URI.create("https://0.0.0.0/")).orElseThrow())
        .contains("unspecified");
    assertThat(PublicAddresses.SYSTEM_RESOLVER.refusal(URI.create("https://metadata.google.internal/")).orElseThrow())
        .contains("a cloud metadata service");
    assertThat(resolver.refusal(URI.create("https://nowhere.invalid/")).orElseThrow()).contains("does not resolve");
  }

  @Test
  void internalAddressesAreNamedInEverySpellingAndPublicOnesPass() {
    PublicAddresses resolver = resolver(Map.ofEntries(
        Map.entry("nat64.example", "64:ff9b::7f00:1"),
        Map.entry("nat64local.example", "64:ff9b:1::a9fe:a9fe"),
        Map.entry("sixtofour.example", "2002:a01:203::1"),
        Map.entry("compatible.example", "::10.1.2.3"),
        Map.entry("mapped.example", "::ffff:192.168.1.1"),
        Map.entry("teredo.example", "2001:0:4136:e378:8000:63bf:80ff:fffe"),
        Map.entry("bench.example", "198.19.4.4"),
        Map.entry("ietf.example", "192.0.0.8"),
        Map.entry("public6.example", "2606:4700:4700::1111"),
        Map.entry("public4.example", "198.20.0.1")));
    assertThat(resolver.refusal(URI.create("https://nat64.example/a.sif")).orElseThrow())
        .contains("which resolves to 64:ff9b:0:0:0:0:7f00:1, an IPv6 form of 127.0.0.1, a loopback address");
    assertThat(resolver.refusal(URI.create("https://nat64local.example/a.sif")).orElseThrow())
        .contains("an IPv6 form of 169.254.169.254, a link-local address");
    assertThat(resolver.refusal(URI.create("https://sixtofour.example/a.sif")).orElseThrow())
        .contains("an IPv6 form of 10.1.2.3, a private address");
    assertThat(resolver.refusal(URI.create("https://compatible.example/a.sif")).orElseThrow())
        .contains("an IPv6 form of 10.1.2.3, a private address");
    assertThat(resolver.refusal(URI.create("https://mapped.example/a.sif")).orElseThrow()).contains("a private address");
    assertThat(resolver.refusal(URI.create("https://teredo.example/a.sif")).orElseThrow())
        .contains("an IPv6 form of 127.0.0.1, a loopback address");
    assertThat(resolver.refusal(URI.create("https://bench.example/a.sif")).orElseThrow())
        .contains("a benchmarking network's address");
    assertThat(resolver.refusal(URI.create("https://ietf.example/a.sif")).orElseThrow())
        .contains("an IETF protocol address");
    assertThat(PublicAddresses.SYSTEM_RESOLVER.refusal(URI.create("https://[64:ff9b::a00:1]/")).orElseThrow())
        .contains("an IPv6 form of 10.0.0.1, a private address");
    assertThat(resolver.refusal(URI.create("https://public6.example/a.sif"))).isEmpty();
    assertThat(resolver.refusal(URI.create("https://public4.example/a.sif"))).isEmpty();
  }

  /** A resolver answering from a table, as DNS would for those names. */
  private static PublicAddresses resolver(Map<String, String> table) {
    return new PublicAddresses() {
      @Override
      InetAddress[] resolve(String host) throws UnknownHostException {
        String address = table.get(host);
        if (address == null) {
          throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
      }
    };
  }

  // --- No empty verdicts ---

  @Test
  void aPullRequestThatChangesNothingIsAUsageErrorUnlessAllowed() throws Exception {
    // --branch without --head: HEAD is the base's own checkout.
    assertThatThrownBy(() -> verify(BRANCH, "main")).isInstanceOf(UsageException.class)
        .hasMessage("merging main into main changes nothing, so there is nothing to verify; check --head (default"
            + " HEAD), or pass --allow-empty");
    VerifyReport allowed = new RegistryVerifier(client()).verify(new VerifyRequest(registry, "main", "main", BRANCH,
        false, 4, Duration.ofSeconds(5), 1, VerifyRequest.Origin.REGISTRY_ITSELF, true));
    assertThat(allowed.findings()).isEmpty();
    assertThat(allowed.passed()).isTrue();
  }

  /** A page's content in the tree that git's own merge of the head into main produces. */
  private String pageAfterMerge(String head, String path) throws Exception {
    String tree = Tools.ok(registry, "git", "merge-tree", "--write-tree", "main", head).lines().findFirst().orElseThrow();
    return Tools.ok(registry, "git", "cat-file", "-p", tree + ":" + path);
  }
}
