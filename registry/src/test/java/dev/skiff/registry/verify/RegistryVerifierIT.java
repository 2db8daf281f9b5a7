package dev.skiff.registry.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.Digest;
import dev.skiff.testing.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.lib.FileMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff verify} against real git repositories and a loopback HTTPS server serving real SIF
 * blobs and wrong ones: every hostile pull request is rejected with its own message, every honest
 * one passes.
 */
class RegistryVerifierIT {
  static final String BRANCH = "update/myorg/centos";
  static final String NS = "myorg/centos/";

  @TempDir
  static Path serverDir;

  static BlobServer server;
  static byte[] sif;
  static byte[] otherSif;
  static byte[] notSif;

  @TempDir
  Path registry;

  RegistryScenario scenario;

  @BeforeAll
  static void startServer() throws Exception {
    server = new BlobServer(serverDir);
    sif = sifBytes(serverDir.resolve("a.sif"), 1);
    otherSif = sifBytes(serverDir.resolve("b.sif"), 2);
    notSif = new byte[sif.length];
    java.util.Arrays.fill(notSif, (byte) 'x');
    server.put("a.sif", sif);
    server.put("b.sif", otherSif);
    server.put("junk.sif", notSif);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** A real SIF file: the core writer around a squashfs superblock. */
  static byte[] sifBytes(Path file, int seed) throws Exception {
    return TestImages.sif(file, "Bootstrap: scratch\n# " + seed + "\n", seed);
  }

  @BeforeEach
  void registryWithHistory() throws Exception {
    scenario = new RegistryScenario(registry);
    scenario.onMain()
        .write("myorg/other/README.md", "---\nlayout: collection\ndescription: other\n---\n")
        .write("myorg/other/manifests/latest/README.md", manifest("latest", otherSif, server.https("/blobs/b.sif")))
        .write(NS + "README.md", "---\nlayout: collection\ndescription: CentOS\n---\n")
        .write(NS + "tags/README.md", "---\nlayout: tags\n---\n")
        .write(NS + "manifests/old/README.md", manifest("old", otherSif, server.https("/blobs/b.sif")))
        .write(NS + "manifests/latest/README.md", manifest("latest", otherSif, server.https("/blobs/b.sif")))
        .write("_layouts/manifests/singularity.html", "{{ page.digest }}\n")
        .write(".github/workflows/pages.yml", "on: push\n")
        .commit();
  }

  @AfterEach
  void close() {
    scenario.close();
  }

  static String manifest(String tag, byte[] blob, URI url) {
    return manifest(blob.length, Digest.sha256(blob).toString(), Digest.sha256(blob).toString(), url.toString());
  }

  static String manifest(long size, String digest, String layerDigest, String url) {
    return "---\nlayout: manifests/singularity\nsize: " + size + "\ndigest: " + digest + "\nlayers:\n- size: " + size
        + "\n  digest: " + layerDigest + "\n  url: " + url + "\n---\n";
  }

  VerifyReport verify(String branch, String head) throws Exception {
    return verify(branch, head, false);
  }

  /** A request may take 30 s: a busy machine answers slowly, and only the stall test waits out a deadline. */
  VerifyReport verify(String branch, String head, boolean deep) throws Exception {
    return verify(branch, head, deep, Duration.ofSeconds(30));
  }

  VerifyReport verify(String branch, String head, boolean deep, Duration timeout) throws Exception {
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(server.clientContext()).connectTimeout(timeout).build();
    return new RegistryVerifier(client).verify(new VerifyRequest(registry, "main", head, branch, deep, 16,
        timeout, 3));
  }

  static void assertRejected(VerifyReport report, String path, String message) {
    assertThat(report.passed()).as("the pull request passed").isFalse();
    assertThat(report.findings()).as(report.findings().toString())
        .anySatisfy(f -> {
          assertThat(f.passed()).isFalse();
          assertThat(f.path()).isEqualTo(path);
          assertThat(f.message()).contains(message);
        });
  }

  static void assertPassed(VerifyReport report) {
    assertThat(report.findings()).as(report.findings().toString()).allMatch(Finding::passed);
    assertThat(report.passed()).isTrue();
  }

  // --- Honest pull requests ---

  @Test
  void aNewNamespacePasses() throws Exception {
    String head = scenario.pullRequest("update/lab/tools")
        .write("lab/tools/README.md", "---\nlayout: collection\ndescription: \"Tools: \\\"quoted\\\"\"\n---\n")
        .write("lab/tools/tags/README.md", "---\nlayout: tags\n---\n")
        .write("lab/tools/manifests/latest/README.md", manifest("latest", sif, server.https("/blobs/a.sif")))
        .commit();
    VerifyReport report = verify("update/lab/tools", head);
    assertPassed(report);
    assertThat(report.namespace()).contains("lab/tools");
    assertThat(report.byFile()).containsOnlyKeys("lab/tools/README.md", "lab/tools/tags/README.md",
        "lab/tools/manifests/latest/README.md");
  }

  @Test
  void aNewTagPasses() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/7.9/README.md", manifest("7.9", sif, server.https("/blobs/a.sif"))).commit();
    VerifyReport report = verify(BRANCH, head);
    assertPassed(report);
    assertThat(report.findings()).anySatisfy(f -> assertThat(f.message()).contains("starts like a SIF image"));
  }

  @Test
  void anUpdatedTagPassesAndDeepChecksItsSha256() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/latest/README.md", manifest("latest", sif, server.https("/blobs/a.sif"))).commit();
    assertPassed(verify(BRANCH, head));
    VerifyReport deep = verify(BRANCH, head, true);
    assertPassed(deep);
    assertThat(deep.findings()).anySatisfy(f -> assertThat(f.message()).contains("sha256 " + Digest.sha256(sif)));
  }

  @Test
  void aBlobThatManyTagsNameIsCheckedOnceAndEachTagHearsTheOutcome() throws Exception {
    RegistryScenario.Edit pullRequest = scenario.pullRequest(BRANCH);
    for (String tag : java.util.List.of("a", "b", "c", "d", "e", "f")) {
      pullRequest.write(NS + "manifests/" + tag + "/README.md", manifest(tag, sif, server.https("/blobs/a.sif")));
    }
    pullRequest.write(NS + "manifests/junk/README.md", manifest("junk", sif, server.https("/blobs/junk.sif")));
    VerifyReport report = verify(BRANCH, pullRequest.commit());
    // One HEAD, and one ranged GET for the SIF magic, per distinct blob: two blobs here.
    assertThat(report.requests()).isEqualTo(4);
    assertThat(report.findings()).filteredOn(f -> f.check().equals("blob") && f.passed())
        .extracting(Finding::path).hasSize(6).allSatisfy(path -> assertThat(path).startsWith(NS + "manifests/"));
    assertThat(report.findings()).filteredOn(f -> f.check().equals("blob") && !f.passed()).singleElement()
        .satisfies(f -> assertThat(f.path()).isEqualTo(NS + "manifests/junk/README.md"));
  }

  @Test
  void aRemovedTagOfItsOwnNamespacePasses() throws Exception {
    String head = scenario.pullRequest(BRANCH).delete(NS + "manifests/old/README.md").commit();
    VerifyReport report = verify(BRANCH, head);
    assertPassed(report);
    assertThat(report.findings()).singleElement().extracting(Finding::message).asString()
        .isEqualTo("deletes in namespace myorg/centos");
  }

  @Test
  void serversThatFailTwiceDropAConnectionRefuseHeadOrRedirectToHttpsPass() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/a/README.md", manifest("a", sif, server.https("/flaky/a.sif")))
        .write(NS + "manifests/d/README.md", manifest("d", sif, server.https("/reset/a.sif")))
        .write(NS + "manifests/b/README.md", manifest("b", sif, server.https("/nohead/a.sif")))
        .write(NS + "manifests/c/README.md", manifest("c", sif, server.https("/to-https/a.sif")))
        .commit();
    VerifyReport report = verify(BRANCH, head);
    assertPassed(report);
    assertThat(report.requests()).isGreaterThanOrEqualTo(11);
    assertThat(server.hits("reset/a.sif")).as("the dropped connection was tried again").isGreaterThanOrEqualTo(2);
  }

  @Test
  void commitsTheBaseGainedSinceTheBranchPointAreNotThePullRequests() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/7.9/README.md", manifest("7.9", sif, server.https("/blobs/a.sif"))).commit();
    scenario.onMain().write("myorg/other/manifests/new/README.md", manifest("new", sif, server.https("/blobs/a.sif")))
        .commit();
    assertPassed(verify(BRANCH, head));
  }

  @Test
  void theRulesFileCanGrantANamespaceToAnotherBranch() throws Exception {
    scenario.onMain().write(".skiff/registry.yml", "namespaces:\n  myorg/centos: [centos-images]\n"
        + RegistryScenario.LOOPBACK_BLOBS).commit();
    String head = scenario.pullRequest("centos-images")
        .write(NS + "manifests/7.9/README.md", manifest("7.9", sif, server.https("/blobs/a.sif"))).commit();
    assertPassed(verify("centos-images", head));
    String conventional = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/7.9/README.md", manifest("7.9", sif, server.https("/blobs/a.sif"))).commit();
    assertRejected(verify(BRANCH, conventional), NS + "manifests/7.9/README.md",
        "but branch update/myorg/centos may change only nothing");
  }

  // --- Hostile pull requests: the namespace guard ---

  @Test
  void addingToAnotherNamespaceIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write("myorg/other/manifests/evil/README.md", manifest("evil", sif, server.https("/blobs/a.sif"))).commit();
    assertRejected(verify(BRANCH, head), "myorg/other/manifests/evil/README.md",
        "adds a file of namespace myorg/other, but branch update/myorg/centos may change only myorg/centos/");
  }

  @Test
  void changingAnotherNamespaceIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write("myorg/other/manifests/latest/README.md", manifest("latest", sif, server.https("/blobs/a.sif"))).commit();
    assertRejected(verify(BRANCH, head), "myorg/other/manifests/latest/README.md", "changes a file of namespace myorg/other");
  }

  @Test
  void deletingFromAnotherNamespaceIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH).delete("myorg/other/manifests/latest/README.md").commit();
    assertRejected(verify(BRANCH, head), "myorg/other/manifests/latest/README.md", "deletes a file of namespace myorg/other");
  }

  @Test
  void siteLayoutsAreOutsideAnyNamespace() throws Exception {
    String head = scenario.pullRequest(BRANCH).write("_layouts/manifests/singularity.html", "<script>x</script>").commit();
    assertRejected(verify(BRANCH, head), "_layouts/manifests/singularity.html", "changes a file outside any namespace");
  }

  @Test
  void workflowsAreOutsideAnyNamespace() throws Exception {
    String head = scenario.pullRequest(BRANCH).write(".github/workflows/pages.yml", "on: pull_request_target\n").commit();
    assertRejected(verify(BRANCH, head), ".github/workflows/pages.yml", "outside any namespace");
  }

  @Test
  void theRulesFileCannotBeLoosenedByThePullRequest() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(".skiff/registry.yml", "namespaces:\n  myorg/other: [update/myorg/centos]\n")
        .write("myorg/other/manifests/evil/README.md", manifest("evil", sif, server.https("/blobs/a.sif")))
        .commit();
    VerifyReport report = verify(BRANCH, head);
    assertRejected(report, ".skiff/registry.yml", "outside any namespace");
    assertRejected(report, "myorg/other/manifests/evil/README.md", "namespace myorg/other");
  }

  @Test
  void aTopLevelFileIsOutsideAnyNamespace() throws Exception {
    String head = scenario.pullRequest(BRANCH).write("CNAME", "evil.example.org\n").commit();
    assertRejected(verify(BRANCH, head), "CNAME", "outside any namespace");
  }

  @Test
  void aSymbolicLinkIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/link/README.md", FileMode.SYMLINK, "../../../myorg/other/README.md".getBytes()).commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/link/README.md", "is a symbolic link");
  }

  @Test
  void aSubmoduleIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH).submodule(NS + "manifests/sub").commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/sub", "is a submodule");
  }

  @Test
  void anExecutableFileIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "README.md", FileMode.EXECUTABLE_FILE, "---\nlayout: collection\n---\n".getBytes()).commit();
    assertRejected(verify(BRANCH, head), NS + "README.md", "is executable");
  }

  @Test
  void aDotDotSegmentIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH).write(NS + "../other/README.md", "x").commit();
    assertRejected(verify(BRANCH, head), NS + "../other/README.md", "path contains a '..' segment");
  }

  @Test
  void aBackslashIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH).write(NS + "manifests\\x\\README.md", "x").commit();
    assertRejected(verify(BRANCH, head), NS + "manifests\\x\\README.md", "path contains a backslash");
  }

  @Test
  void aControlCharacterIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH).write(NS + "manifests/a\u001b[31m/README.md", "x").commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/a\u001b[31m/README.md", "path contains a control character (U+001B)");
  }

  @Test
  void aPathThatCollidesWhenCaseIsFoldedIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/Latest/README.md", manifest("Latest", sif, server.https("/blobs/a.sif"))).commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/Latest/README.md",
        "collides with myorg/centos/manifests/latest/ when case is folded or unicode is normalized");
  }

  @Test
  void aPathThatCollidesWhenUnicodeIsNormalizedIsRejected() throws Exception {
    String fullwidth = NS + "manifests/\uff4catest/README.md"; // U+FF4C, fullwidth l
    String head = scenario.pullRequest(BRANCH).write(fullwidth, manifest("x", sif, server.https("/blobs/a.sif"))).commit();
    assertRejected(verify(BRANCH, head), fullwidth, "collides with myorg/centos/manifests/latest/");
  }

  @Test
  void aFileOutsideTheLayoutIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH).write(NS + "manifests/latest/index.html", "<script>x</script>").commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/latest/index.html", "is not part of the registry layout");
  }

  @Test
  void aFileAboveTheSizeLimitIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH).write(NS + "README.md", "---\nlayout: collection\n---\n"
        + "#".repeat(70_000)).commit();
    assertRejected(verify(BRANCH, head), NS + "README.md", "is 70027 bytes, above the registry's limit of 65536");
  }

  @Test
  void aBranchThatNamesNoNamespaceMayChangeNothing() throws Exception {
    String head = scenario.pullRequest("patch-1")
        .write(NS + "manifests/7.9/README.md", manifest("7.9", sif, server.https("/blobs/a.sif"))).commit();
    assertRejected(verify("patch-1", head), NS + "manifests/7.9/README.md",
        "may change only nothing (the branch does not name a namespace: expected update/OWNER/NAME)");
  }

  // --- Hostile pull requests: the pages ---

  @Test
  void frontMatterThatDoesNotParseIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH).write(NS + "manifests/x/README.md", "---\nsize: [1, 2\n---\n").commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/x/README.md", "front matter is not YAML (line ");
  }

  @Test
  void aKeyGivenTwiceIsRejectedWithItsLine() throws Exception {
    // The reviewer reads the first digest; Jekyll and Jackson would take the second.
    String page = manifest("x", sif, server.https("/blobs/a.sif"));
    String first = page.lines().filter(line -> line.startsWith("size:")).findFirst().orElseThrow();
    String twice = page.replace(first + "\n", first + "\nsize: 1\n");
    int line = (int) twice.lines().takeWhile(l -> !l.equals("size: 1")).count() + 1;
    String head = scenario.pullRequest(BRANCH).write(NS + "manifests/x/README.md", twice).commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/x/README.md",
        "front matter gives a key twice (line " + line + "): key 'size'");
  }

  @Test
  void aSizeInKilobytesIsRejected() throws Exception {
    Digest digest = Digest.sha256(sif);
    String head = scenario.pullRequest(BRANCH).write(NS + "manifests/x/README.md",
        manifest(0, digest.toString(), digest.toString(), server.https("/blobs/a.sif").toString())
            .replace("size: 0", "size: \"40 KB\"")).commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/x/README.md", "size must be a positive whole number of bytes");
  }

  @Test
  void aMalformedDigestIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH).write(NS + "manifests/x/README.md",
        manifest(sif.length, "sha256:abc", "sha256:abc", server.https("/blobs/a.sif").toString())).commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/x/README.md", "digest must be sha256:<64 lowercase hex>");
  }

  @Test
  void layerAndManifestDigestsThatDisagreeAreRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH).write(NS + "manifests/x/README.md", manifest(sif.length,
        Digest.sha256(sif).toString(), Digest.sha256(otherSif).toString(), server.https("/blobs/a.sif").toString()))
        .commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/x/README.md", "the layer's digest");
  }

  @Test
  void aPlainHttpUrlIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/x/README.md", manifest("x", sif, server.http("/blobs/a.sif"))).commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/x/README.md", "uses 'http'; the registry allows only https");
  }

  @Test
  void aPageWithABodyIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH).write(NS + "manifests/x/README.md",
        manifest("x", sif, server.https("/blobs/a.sif")) + "<script>steal()</script>\n").commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/x/README.md", "has content after its front matter");
  }

  // --- Hostile pull requests: the blobs ---

  @Test
  void someoneElsesBlobWithAMismatchedSizeIsRejected() throws Exception {
    Digest digest = Digest.sha256(sif);
    String head = scenario.pullRequest(BRANCH).write(NS + "manifests/x/README.md",
        manifest(sif.length, digest.toString(), digest.toString(), server.https("/blobs/b.sif").toString())).commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/x/README.md",
        "is " + otherSif.length + " bytes, but the manifest says " + sif.length);
  }

  @Test
  void aBlobThatIsNotASifIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/x/README.md", manifest("x", notSif, server.https("/blobs/junk.sif"))).commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/x/README.md", "does not start like a SIF image");
  }

  @Test
  void aBlobWithTheRightSizeButOtherBytesFailsTheDeepCheck() throws Exception {
    String head = scenario.pullRequest(BRANCH).write(NS + "manifests/x/README.md", manifest(notSif.length,
        Digest.sha256(sif).toString(), Digest.sha256(sif).toString(), server.https("/blobs/junk.sif").toString())).commit();
    assertRejected(verify(BRANCH, head, true), NS + "manifests/x/README.md",
        "has sha256 " + Digest.sha256(notSif) + ", but the manifest says " + Digest.sha256(sif));
  }

  @Test
  void aRedirectToPlainHttpIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/x/README.md", manifest("x", sif, server.https("/to-http/a.sif"))).commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/x/README.md",
        "redirects to " + server.http("/blobs/a.sif") + "; redirects are followed only to https");
  }

  /** The server never answers while the test runs: verify ending at all shows its deadline (the timeout ends a hang). */
  @Test
  @org.junit.jupiter.api.Timeout(120)
  void aServerThatStallsIsRejectedInBoundedTime() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/x/README.md", manifest("x", sif, server.https("/stall/a.sif"))).commit();
    assertRejected(verify(BRANCH, head, false, Duration.ofSeconds(1)), NS + "manifests/x/README.md",
        "did not answer within 1 s");
  }

  @Test
  void aMissingBlobIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/x/README.md", manifest("x", sif, server.https("/blobs/nothing.sif"))).commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/x/README.md", "answers 404 (expected 200)");
  }

  @Test
  void theWrongContentTypeIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/x/README.md", manifest("x", sif, server.https("/html/a.sif"))).commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/x/README.md", "has content type text/html");
  }

  @Test
  void anUnreachableServerIsRejected() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/x/README.md", manifest("x", sif, URI.create("https://127.0.0.1:9/a.sif"))).commit();
    assertRejected(verify(BRANCH, head), NS + "manifests/x/README.md", "cannot be reached");
  }

  // --- Usage ---

  @Test
  void aRevisionThatDoesNotExistIsAUsageError() {
    assertThatThrownBy(() -> verify(BRANCH, "no-such-branch")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--head no-such-branch: no such commit in");
  }
}
