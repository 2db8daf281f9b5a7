package dev.skiff.registry.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.Digest;
import dev.skiff.registry.site.SiteRenderer;
import dev.skiff.registry.site.SiteRequest;
import dev.skiff.registry.verify.RegistryScenario;
import dev.skiff.spi.ProgressListener;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.RetryPolicy;
import dev.skiff.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff pull} against a rendered site and its blobs on a loopback HTTP server. */
class PullClientIT {
  @TempDir
  Path work;

  SiteHttpServer server;
  Path served;
  Path cache;
  byte[] latest;
  byte[] v1;
  PullClient client = new PullClient(new RetryPolicy(3, Duration.ofSeconds(5)));

  @BeforeEach
  void siteWithBlobs() throws Exception {
    served = Files.createDirectories(work.resolve("served"));
    cache = work.resolve("cache");
    server = new SiteHttpServer(served);
    latest = TestImages.sif(work.resolve("latest.sif"), "Bootstrap: scratch\n# latest\n", 1);
    v1 = TestImages.sif(work.resolve("v1.sif"), "Bootstrap: scratch\n# v1\n", 2);
    Files.createDirectories(served.resolve("blobs"));
    Files.write(served.resolve("blobs/" + Digest.sha256(latest).hex() + ".sif"), latest);
    Files.write(served.resolve("blobs/" + Digest.sha256(v1).hex() + ".sif"), v1);
    Path registry = work.resolve("registry");
    try (RegistryScenario scenario = new RegistryScenario(registry)) {
      scenario.onMain()
          .write("lab/tool/manifests/latest/README.md", ManifestPages.of(latest, server.url("blobs/" + Digest.sha256(latest).hex()
              + ".sif").toString()))
          .write("lab/tool/manifests/v1/README.md", ManifestPages.of(v1, server.url("blobs/" + Digest.sha256(v1).hex() + ".sif")
              .toString()))
          .write("lab/odd/manifests/latest/README.md", ManifestPages.of(v1, "ftp://files.example.org/v1.sif"))
          .commit();
    }
    SiteRenderer.render(SiteRequest.of(registry.toString(), served).withForce(true));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  PullResult pull(String reference, Path output) throws Exception {
    return client.pull(new PullRequest(PullReference.parse(reference, Optional.of(server.url("").toString())),
        Optional.of(output), cache, ProgressListener.NONE));
  }

  @Test
  void pullsByTagChecksTheBytesAndServesTheSecondPullFromTheCache() throws Exception {
    Path first = work.resolve("out/tool.sif");
    PullResult result = pull("lab/tool:latest", first);
    assertThat(Files.readAllBytes(first)).isEqualTo(latest);
    assertThat(result.downloaded()).isEqualTo(latest.length);
    assertThat(result.digest()).isEqualTo(Digest.sha256(latest));
    long sent = server.blobBytesSent.get();

    Path second = work.resolve("out/again.sif");
    PullResult again = pull("lab/tool", second);
    assertThat(again.fromCache()).isTrue();
    assertThat(server.blobBytesSent.get()).isEqualTo(sent);
    assertThat(Files.readAllBytes(second)).isEqualTo(latest);
  }

  @Test
  void pullsByDigestAndWithTheSiteInTheReference() throws Exception {
    Path out = work.resolve("v1.sif");
    String site = server.url("").toString().replaceFirst("/$", "");
    pull(site + "/lab/tool@" + Digest.sha256(v1), out);
    assertThat(Files.readAllBytes(out)).isEqualTo(v1);
  }

  /** A listener that opens the latch once the client has written this many bytes of the blob. */
  static ProgressListener reached(long bytes, CountDownLatch latch) {
    return (done, total) -> {
      if (done >= bytes) {
        latch.countDown();
      }
    };
  }

  @Test
  void aDownloadCutOffIsResumedFromWhereItStopped() throws Exception {
    int cut = latest.length / 2;
    CountDownLatch delivered = new CountDownLatch(1);
    server.cutNextBlobAt(cut, delivered, false);
    Path out = work.resolve("tool.sif");
    PullResult result = client.pull(new PullRequest(PullReference.parse("lab/tool:latest",
        Optional.of(server.url("").toString())), Optional.of(out), cache, reached(cut, delivered)));
    assertThat(Files.readAllBytes(out)).isEqualTo(latest);
    assertThat(server.cutsMade.get()).isEqualTo(1);
    assertThat(server.blobRequests).containsExactly(new SiteHttpServer.BlobRequest(0, latest.length - 1),
        new SiteHttpServer.BlobRequest(cut, latest.length - 1));
    assertThat(server.blobBytesSent.get()).as("bytes sent in all").isEqualTo(latest.length);
    assertThat(result.downloaded()).isEqualTo(latest.length);
  }

  @Test
  void aLargeBlobComesAsRangesSideBySideAndACutPartContinues() throws Exception {
    PullClient ranged = new PullClient(new RetryPolicy(3, Duration.ofSeconds(5)), 1024, Optional.empty());
    long chunk = PullClient.chunk(latest.length, 1024);
    long chunks = (latest.length + chunk - 1) / chunk;
    assertThat(chunks).as("ranges").isGreaterThan(PullClient.CONNECTIONS);
    long cut = chunk / 2;
    CountDownLatch delivered = new CountDownLatch(1);
    server.cutNextBlobAt(cut, delivered, true);
    Path out = work.resolve("ranged.sif");
    PullResult result = ranged.pull(new PullRequest(PullReference.parse("lab/tool:latest",
        Optional.of(server.url("").toString())), Optional.of(out), cache, reached(cut, delivered)));
    assertThat(Files.readAllBytes(out)).isEqualTo(latest);
    assertThat(server.cutsMade.get()).as("ranges cut off").isEqualTo(1);
    // The probe that asks whether ranges are served, one request per range, and the rest of the cut one.
    List<SiteHttpServer.BlobRequest> requests = server.blobRequests;
    assertThat(requests).hasSize((int) chunks + 2);
    assertThat(requests.get(0)).isEqualTo(new SiteHttpServer.BlobRequest(0, 0));
    List<SiteHttpServer.BlobRequest> parts = requests.subList(1, requests.size());
    assertThat(parts).extracting(SiteHttpServer.BlobRequest::from).filteredOn(from -> from % chunk == 0)
        .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, chunks).map(i -> i * chunk).boxed()
            .toList());
    assertThat(parts).extracting(request -> request.from() % chunk).as("where the cut range continues")
        .containsOnlyOnce(cut);
    assertThat(server.blobBytesSent.get()).as("every byte once, and the probe's").isEqualTo(latest.length + 1);
    assertThat(result.downloaded()).isEqualTo(latest.length);
    try (Stream<Path> left = Files.list(cache.resolve("blobs/sha256"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly(Digest.sha256(latest).hex());
    }
  }

  @Test
  void aServerThatIgnoresRangesGetsOneStream() throws Exception {
    server.ignoreRanges = true;
    PullClient ranged = new PullClient(new RetryPolicy(3, Duration.ofSeconds(5)), 1024,
        Optional.empty());
    Path out = work.resolve("whole.sif");
    ranged.pull(new PullRequest(PullReference.parse("lab/tool:v1", Optional.of(server.url("").toString())),
        Optional.of(out), cache, ProgressListener.NONE));
    assertThat(Files.readAllBytes(out)).isEqualTo(v1);
    assertThat(server.closedRangeRequests.get()).isZero();
  }

  @Test
  void aServerThatStallsMidBodyIsLeftAndTheDownloadContinues() throws Exception {
    int stall = latest.length / 3;
    CountDownLatch delivered = new CountDownLatch(1);
    server.stallNextBlobAt(stall, delivered);
    Path out = work.resolve("stalled.sif");
    PullResult result = client.stallPatience(Duration.ofMillis(500)).pull(new PullRequest(
        PullReference.parse("lab/tool:latest", Optional.of(server.url("").toString())), Optional.of(out), cache,
        reached(stall, delivered)));
    assertThat(Files.readAllBytes(out)).isEqualTo(latest);
    assertThat(server.stallsMade.get()).isEqualTo(1);
    // The last request continues from what arrived: never from the start again.
    List<SiteHttpServer.BlobRequest> requests = server.blobRequests;
    assertThat(requests.get(requests.size() - 1).from()).isPositive().isLessThanOrEqualTo(stall);
    assertThat(result.downloaded()).isEqualTo(latest.length);
  }

  @Test
  void aSiteThatIsNoRegistrysIsSaidSo() throws Exception {
    Files.createDirectories(served.resolve("lab/page/manifests/latest"));
    Files.writeString(served.resolve("lab/page/manifests/latest/index.html"), "<!DOCTYPE html><p>a blog</p>");
    assertThatThrownBy(() -> pull("lab/page:latest", work.resolve("x.sif")))
        .hasMessage(server.url("lab/page/manifests/latest/") + " did not answer JSON; is " + server.url("")
            + " a Skiff or registry-org site?");
  }

  @Test
  void aTamperedBlobIsRefusedAndNothingIsKept() throws Exception {
    byte[] other = latest.clone();
    other[other.length - 1] ^= 1;
    Files.write(served.resolve("blobs/" + Digest.sha256(latest).hex() + ".sif"), other);
    Path out = work.resolve("tool.sif");
    assertThatThrownBy(() -> pull("lab/tool:latest", out)).isInstanceOf(SkiffException.class)
        .hasMessageContaining("has sha256 " + Digest.sha256(other) + ", not the recorded " + Digest.sha256(latest)
            + "; nothing was kept");
    assertThat(out).doesNotExist();
    try (Stream<Path> cached = Files.walk(cache)) {
      // The one shared lock file of the downloads holds no byte.
      assertThat(cached.filter(Files::isRegularFile)).containsExactly(cache.resolve("downloads/sha256/locks"));
    }
    assertThat(cache.resolve("downloads/sha256/locks")).isEmptyFile();
  }

  @Test
  void aHostileTagListEndsAPullByDigestInOneLine() throws Exception {
    Files.writeString(served.resolve("lab/tool/tags/index.html"),
        "{\"name\":\"lab/tool\",\"tags\":[\"../../etc\\n\",\"latest\"]}");
    assertThatThrownBy(() -> pull("lab/tool@" + Digest.sha256(latest), work.resolve("x.sif")))
        .isInstanceOf(SkiffException.class)
        .hasMessageStartingWith(server.url("") + " lists '../../etc\\u000A' among the tags of lab/tool, which is no tag (")
        .hasMessageEndingWith("); is it a Skiff or registry-org site?");
  }

  @Test
  void whatIsNotThereIsSaidInOneLine() throws Exception {
    Path out = work.resolve("x.sif");
    assertThatThrownBy(() -> pull("lab/tool:v9", out))
        .hasMessage("lab/tool has no tag v9 at " + server.url("") + "; its tags: latest, v1");
    assertThatThrownBy(() -> pull("lab/nothing:latest", out)).hasMessageContaining("has no namespace lab/nothing");
    assertThatThrownBy(() -> pull("lab/tool@sha256:" + "0".repeat(64), out))
        .hasMessageContaining("holds no image with digest sha256:" + "0".repeat(64));
    assertThatThrownBy(() -> pull("lab/odd:latest", out))
        .hasMessageContaining("the blob URL ftp://files.example.org/v1.sif uses 'ftp'");
    assertThatThrownBy(() -> PullReference.parse("lab", Optional.empty())).hasMessageStartingWith("'lab': expected");
    assertThatThrownBy(() -> PullReference.parse("https://me:hunter2@registry.example.org/lab/tool", Optional.empty()))
        .hasMessage("'https://registry.example.org/lab/tool': a reference carries no user or password; skiff pull"
            + " reads private buckets with the environment's credentials");
    assertThatThrownBy(() -> PullReference.parse("lab/tool", Optional.empty()))
        .hasMessage("'lab/tool': no site: write SITE/OWNER/NAME, or give --site (or SKIFF_SITE)");
    assertThat(out).doesNotExist();
  }

  @Test
  void referencesParseWithAndWithoutASite() throws Exception {
    PullReference ref = PullReference.parse("myorg.github.io/registry/lab/tool:v1", Optional.empty());
    assertThat(ref.site()).hasToString("https://myorg.github.io/registry/");
    assertThat(ref.namespace()).hasToString("lab/tool");
    assertThat(ref.tag()).map(Object::toString).contains("v1");
    PullReference local = PullReference.parse("127.0.0.1:8080/lab/tool", Optional.empty());
    assertThat(local.site()).hasToString("https://127.0.0.1:8080/");
    assertThat(local.tag()).map(Object::toString).contains("latest");
  }
}
