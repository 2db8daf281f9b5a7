package dev.skiff.registry.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.Digest;
import dev.skiff.registry.site.SiteRenderer;
import dev.skiff.registry.site.SiteRequest;
import dev.skiff.registry.site.StaticServer;
import dev.skiff.registry.verify.RegistryScenario;
import dev.skiff.spi.ProgressListener;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.RetryPolicy;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull cache holds verified bytes only, against nginx on loopback: two pulls of one digest at
 * once where one server lies, an edited output, a cache entry changed on disk.
 */
class PullCacheIT {
  static final int SIZE = 3 << 20;

  @TempDir
  Path work;

  StaticServer server;
  Path cache;
  byte[] honest;
  byte[] forged;
  PullClient client = new PullClient(new RetryPolicy(3, Duration.ofSeconds(5)));

  @BeforeEach
  void twoSitesClaimingOneDigest() throws Exception {
    Path root = Files.createDirectories(work.resolve("www"));
    Random random = new Random(22);
    honest = new byte[SIZE];
    random.nextBytes(honest);
    forged = honest.clone();
    forged[SIZE / 2] ^= 1; // the same size, one bit off: only the digest tells them apart
    Files.createDirectories(root.resolve("blobs"));
    Files.write(root.resolve("blobs/honest.sif"), honest);
    Files.write(root.resolve("blobs/forged.sif"), forged);
    server = StaticServer.serve(root, work.resolve("nginx"));
    Path registry = work.resolve("registry");
    try (RegistryScenario scenario = new RegistryScenario(registry)) {
      scenario.onMain()
          .write("lab/tool/manifests/latest/README.md", ManifestPages.of(honest, server.url("blobs/honest.sif").toString()))
          .write("evil/tool/manifests/latest/README.md", ManifestPages.claiming(Digest.sha256(honest), SIZE,
              server.url("blobs/forged.sif").toString()))
          .commit();
    }
    SiteRenderer.render(SiteRequest.of(registry.toString(), root.resolve("site")));
    cache = work.resolve("cache");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  PullResult pull(String reference, Path output, ProgressListener progress) throws Exception {
    return client.pull(new PullRequest(PullReference.parse(reference, Optional.of(server.url("site/").toString())),
        Optional.of(output), cache, progress));
  }

  /** A listener that, once this many bytes have landed, says so and holds its download until let go. */
  static ProgressListener pauseAt(long bytes, CountDownLatch paused, CountDownLatch go) {
    return (done, total) -> {
      if (done >= bytes && paused.getCount() > 0) {
        paused.countDown();
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  @Test
  void aLyingServerPulledWhileAnHonestPullRunsCannotReachTheHonestPullOrTheCache() throws Exception {
    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<PullResult> first = CompletableFuture.supplyAsync(() -> call(() ->
        pull("lab/tool:latest", work.resolve("honest.sif"), pauseAt(SIZE / 3, paused, go))));
    assertThat(paused.await(30, TimeUnit.SECONDS)).as("the honest pull is under way").isTrue();

    assertThatThrownBy(() -> pull("evil/tool:latest", work.resolve("forged.sif"), ProgressListener.NONE))
        .isInstanceOf(SkiffException.class).hasMessageContaining("not the recorded " + Digest.sha256(honest));
    assertThat(work.resolve("forged.sif")).doesNotExist();
    go.countDown();

    PullResult result = first.get(60, TimeUnit.SECONDS);
    assertThat(result.digest()).isEqualTo(Digest.sha256(honest));
    assertThat(Files.readAllBytes(work.resolve("honest.sif"))).isEqualTo(honest);
    PullResult later = pull("lab/tool:latest", work.resolve("later.sif"), ProgressListener.NONE);
    assertThat(later.fromCache()).isTrue();
    assertThat(Files.readAllBytes(work.resolve("later.sif"))).isEqualTo(honest);
  }

  @Test
  void anHonestPullWhileALyingOneRunsGetsTheRecordedBytesAndTheLieIsThrownAway() throws Exception {
    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<PullResult> lying = CompletableFuture.supplyAsync(() -> call(() ->
        pull("evil/tool:latest", work.resolve("forged.sif"), pauseAt(SIZE * 2 / 3, paused, go))));
    assertThat(paused.await(30, TimeUnit.SECONDS)).as("the lying pull is under way").isTrue();

    PullResult result = pull("lab/tool:latest", work.resolve("honest.sif"), ProgressListener.NONE);
    assertThat(Files.readAllBytes(work.resolve("honest.sif"))).isEqualTo(honest);
    assertThat(result.downloaded()).isEqualTo(SIZE);
    go.countDown();

    assertThat(lying).failsWithin(60, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
        .withMessageContaining("not the recorded " + Digest.sha256(honest));
    assertThat(work.resolve("forged.sif")).doesNotExist();
    PullResult later = pull("lab/tool:latest", work.resolve("later.sif"), ProgressListener.NONE);
    assertThat(later.fromCache()).isTrue();
    assertThat(Files.readAllBytes(work.resolve("later.sif"))).isEqualTo(honest);
    assertThat(Files.readAllBytes(cache.resolve("blobs/sha256/" + Digest.sha256(honest).hex()))).isEqualTo(honest);
  }

  @Test
  void editingAPulledImageChangesNothingALaterPullReturns() throws Exception {
    Path first = work.resolve("first.sif");
    pull("lab/tool:latest", first, ProgressListener.NONE);
    assertThat(first).isWritable();
    try (RandomAccessFile file = new RandomAccessFile(first.toFile(), "rw")) {
      file.seek(100);
      file.write(new byte[] {1, 2, 3, 4});
    }
    Files.writeString(first, "appended", java.nio.file.StandardOpenOption.APPEND);

    PullResult again = pull("lab/tool:latest", work.resolve("again.sif"), ProgressListener.NONE);
    assertThat(again.fromCache()).isTrue();
    assertThat(Files.readAllBytes(work.resolve("again.sif"))).isEqualTo(honest);
  }

  @Test
  void aCacheEntryChangedOnDiskIsHashedAgainAndFetchedAnew() throws Exception {
    pull("lab/tool:latest", work.resolve("first.sif"), ProgressListener.NONE);
    Path entry = cache.resolve("blobs/sha256/" + Digest.sha256(honest).hex());
    entry.toFile().setWritable(true);
    try (RandomAccessFile file = new RandomAccessFile(entry.toFile(), "rw")) {
      file.seek(SIZE - 1);
      file.write(honest[SIZE - 1] ^ 0xff); // the same size: a check by size alone would serve it
    }

    PullResult again = pull("lab/tool:latest", work.resolve("again.sif"), ProgressListener.NONE);
    assertThat(again.downloaded()).as("fetched again, the changed entry dropped").isEqualTo(SIZE);
    assertThat(Files.readAllBytes(work.resolve("again.sif"))).isEqualTo(honest);
    assertThat(Files.readAllBytes(entry)).isEqualTo(honest);
  }

  @Test
  void aRecordLeftByAPullKilledAfterItsFileEnteredTheCacheIsNotTrusted() throws Exception {
    Path slot = cache.resolve("downloads/sha256/" + Digest.sha256(honest).hex());
    Path kept = work.resolve("record-at-the-last-byte");
    pull("lab/tool:latest", work.resolve("first.sif"), (done, total) -> {
      if (done == total) {
        call(() -> Files.copy(slot.resolve("progress"), kept));
      }
    });
    // As a kill between the move into the cache and the slot's clean-up leaves it, with the entry gone since.
    Files.delete(cache.resolve("blobs/sha256/" + Digest.sha256(honest).hex()));
    Files.createDirectories(slot);
    Files.copy(kept, slot.resolve("progress"));

    PullResult again = pull("lab/tool:latest", work.resolve("again.sif"), ProgressListener.NONE);
    assertThat(again.downloaded()).isEqualTo(SIZE);
    assertThat(Files.readAllBytes(work.resolve("again.sif"))).isEqualTo(honest);
  }

  interface Call<T> {
    T run() throws Exception;
  }

  static <T> T call(Call<T> call) {
    try {
      return call.run();
    } catch (Exception e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }
}
