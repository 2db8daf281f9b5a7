package dev.skiff.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.ListedObject;
import dev.skiff.spi.ProgressListener;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.PutResult;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Storage} promises, run by each implementation against its real backend:
 * content-addressed, create-only, verified, never half-written. Subclasses say how to open the
 * storage and how to read a stored object's bytes back.
 */
public abstract class StorageContractTest {
  protected static final Namespace NAMESPACE = Namespace.parse("myorg/centos");

  @TempDir
  protected Path files;

  protected Storage storage;

  /** A storage over an empty location. */
  protected abstract Storage openStorage() throws Exception;

  /** The bytes stored under a key, read directly from the backend, or null when there are none. */
  protected abstract byte[] readBack(BlobKey key) throws Exception;

  /**
   * Whether the backend decides create-only writes atomically, so that of two racing writers
   * exactly one uploads. Where a test server checks the condition but not atomically, both may
   * upload identical bytes; the blob must still end up whole.
   */
  protected boolean atomicCreateOnly() {
    return true;
  }

  /**
   * Why two uploads of one key at the same time cannot be told apart by this backend, or empty when
   * they can, as with every real store (each upload has a session of its own). The race is then
   * tested against a backend that keeps sessions apart.
   */
  protected Optional<String> sharedUploadSessions() {
    return Optional.empty();
  }

  /**
   * How a blob's public URL ends: with its key's path ({@code OWNER/NAME/HEX.sif}) in a bucket; a
   * store that addresses blobs otherwise (an OCI registry, by digest) says how.
   */
  protected String publicUrlEnd(BlobKey key) {
    return key.path();
  }

  /** The size of the large upload; at least the backend's multipart threshold. */
  protected long largeSize() {
    return 64L << 20;
  }

  @BeforeEach
  void open() throws Exception {
    storage = openStorage();
  }

  @AfterEach
  void close() throws IOException {
    storage.close();
  }

  protected Path image(String name, long size, long seed) throws IOException {
    return TestImages.randomBlob(files.resolve(name), size, seed);
  }

  protected static BlobKey keyOf(Path file) throws IOException {
    return new BlobKey(NAMESPACE, Digest.sha256(file));
  }

  protected PutResult put(Path file, BlobKey key) throws Exception {
    return storage.put(new PutRequest(key, file, Files.size(file), Map.of("tag", "latest"), ProgressListener.NONE));
  }

  @Test
  void storesUnderTheContentAddressAndReportsIt() throws Exception {
    Path file = image("a.sif", 100_000, 1);
    BlobKey key = keyOf(file);
    assertThat(storage.stat(key)).isEmpty();
    PutResult result = put(file, key);
    assertThat(result.uploaded()).isTrue();
    assertThat(result.blob().size()).isEqualTo(100_000);
    assertThat(storage.stat(key).orElseThrow().size()).isEqualTo(100_000);
    assertThat(readBack(key)).isEqualTo(Files.readAllBytes(file));
    assertThat(storage.publicUrl(key).toString()).endsWith(publicUrlEnd(key));
    assertThat(storage.describe(key)).contains(key.path());
  }

  @Test
  void aStoredBlobReadsBackFromAnyOffset() throws Exception {
    Path file = image("r.sif", 300_000, 9);
    BlobKey key = keyOf(file);
    put(file, key);
    byte[] bytes = Files.readAllBytes(file);
    try (InputStream whole = storage.read(key, 0)) {
      assertThat(whole.readAllBytes()).isEqualTo(bytes);
    }
    try (InputStream rest = storage.read(key, 123_456)) {
      assertThat(rest.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 123_456, bytes.length));
    }
  }

  @Test
  void aBlobAlreadyPresentIsNotSentAgain() throws Exception {
    Path file = image("a.sif", 50_000, 2);
    BlobKey key = keyOf(file);
    put(file, key);
    AtomicLong sent = new AtomicLong();
    PutResult again = storage.put(new PutRequest(key, file, Files.size(file), Map.of(), (done, total) -> sent.set(done)));
    assertThat(again.uploaded()).isFalse();
    assertThat(sent.get()).isZero();
    assertThat(readBack(key)).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void twoWritersRacingForOneKeyLeaveOneCompleteBlob() throws Exception {
    Assumptions.assumeTrue(sharedUploadSessions().isEmpty(), () -> sharedUploadSessions().orElseThrow());
    Path file = image("a.sif", 4 << 20, 3);
    BlobKey key = keyOf(file);
    CyclicBarrier start = new CyclicBarrier(2);
    Callable<PutResult> writer = () -> {
      start.await();
      return put(file, key);
    };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<PutResult>> results = pool.invokeAll(List.of(writer, writer));
      for (Future<PutResult> result : results) {
        assertThat(result.get().blob().size()).isEqualTo(4 << 20);
      }
      long uploads = results.stream().filter(r -> uploaded(r)).count();
      if (atomicCreateOnly()) {
        assertThat(uploads).as("writers that uploaded").isEqualTo(1);
      } else {
        assertThat(uploads).as("writers that uploaded").isBetween(1L, 2L);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(readBack(key)).isEqualTo(Files.readAllBytes(file));
  }

  private static boolean uploaded(Future<PutResult> result) {
    try {
      return result.get().uploaded();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void bytesThatDoNotMatchTheDigestAreNotPublished() throws Exception {
    Path file = image("a.sif", 200_000, 4);
    Path other = image("b.sif", 200_000, 5);
    BlobKey wrongKey = keyOf(other);
    assertThatThrownBy(() -> put(file, wrongKey)).isInstanceOf(SkiffException.class)
        .hasMessageContaining(wrongKey.path());
    assertThat(storage.stat(wrongKey)).isEmpty();
    assertThat(readBack(wrongKey)).isNull();
  }

  @Test
  void aLargeUploadArrivesWholeAndReportsProgress() throws Exception {
    Path file = image("large.sif", largeSize(), 6);
    BlobKey key = keyOf(file);
    AtomicLong done = new AtomicLong();
    PutResult result = storage.put(new PutRequest(key, file, Files.size(file), Map.of(), (d, total) -> {
      assertThat(total).isEqualTo(largeSize());
      done.accumulateAndGet(d, Math::max);
    }));
    assertThat(result.uploaded()).isTrue();
    assertThat(done.get()).isEqualTo(largeSize());
    assertThat(storage.stat(key).orElseThrow().size()).isEqualTo(largeSize());
    assertThat(Digest.sha256(readBack(key))).isEqualTo(key.digest());
  }

  @Test
  void listsEveryBlobWithItsSizeAndWhenItWasWritten() throws Exception {
    Instant before = Instant.now().minus(Duration.ofMinutes(5));
    Path first = image("l1.sif", 10_000, 11);
    Path second = image("l2.sif", 20_000, 12);
    put(first, keyOf(first));
    put(second, keyOf(second));
    List<ListedObject> listed = new ArrayList<>();
    storage.list(listed::add);
    assertThat(listed).extracting(ListedObject::kind).containsOnly(ListedObject.Kind.BLOB);
    assertThat(listed).extracting(object -> object.blob().orElseThrow())
        .containsExactlyInAnyOrder(keyOf(first), keyOf(second));
    assertThat(listed).extracting(ListedObject::size).containsExactlyInAnyOrder(10_000L, 20_000L);
    assertThat(listed).allSatisfy(object -> {
      assertThat(object.modified()).isBetween(before, Instant.now().plus(Duration.ofMinutes(5)));
      assertThat(object.where()).endsWith(object.name());
    });
  }

  @Test
  void deletesAListedBlobAndNothingElse() throws Exception {
    Path kept = image("k.sif", 10_000, 13);
    Path gone = image("g.sif", 10_000, 14);
    put(kept, keyOf(kept));
    put(gone, keyOf(gone));
    List<ListedObject> listed = new ArrayList<>();
    storage.list(listed::add);
    BlobKey goneKey = keyOf(gone);
    ListedObject victim = listed.stream().filter(o -> o.blob().orElseThrow().equals(goneKey)).findFirst().orElseThrow();
    storage.delete(victim);
    assertThat(storage.stat(goneKey)).isEmpty();
    assertThat(readBack(keyOf(kept))).isEqualTo(Files.readAllBytes(kept));
    storage.delete(victim); // gone already: no error
    List<ListedObject> after = new ArrayList<>();
    storage.list(after::add);
    assertThat(after).extracting(o -> o.blob().orElseThrow()).containsExactly(keyOf(kept));
  }
}
