package dev.skiff.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.testing.FaultProxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloud Storage through a fault-injecting proxy in front of the emulator: server errors,
 * throttling and dropped connections are retried, bounded, and nothing half-written is kept.
 */
class GcsFaultsIT {
  @TempDir
  Path files;

  FaultProxy proxy;
  URI location;

  @BeforeEach
  void start() throws Exception {
    proxy = new FaultProxy(GcsEmulator.shared().endpoint().getPort());
    location = URI.create("gs://" + GcsEmulatorIT.BUCKET + "/faults-" + UUID.randomUUID());
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
  }

  Storage open(Map<String, String> extra) throws Exception {
    return GcsEmulator.open(location, proxy.endpoint(), extra, files);
  }

  BlobKey put(Storage storage, int size) throws Exception {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    Path file = Files.write(files.resolve("image-" + size + ".sif"), content);
    BlobKey key = new BlobKey(Namespace.parse("myorg/centos"), Digest.sha256(file));
    assertThat(storage.put(new PutRequest(key, file, size, Map.of(), (done, total) -> { })).uploaded()).isTrue();
    return key;
  }

  boolean stored(Storage storage, BlobKey key) throws Exception {
    return storage.stat(key).isPresent();
  }

  @Test
  void serverErrorsAndThrottlingAreRetried() throws Exception {
    try (Storage storage = open(Map.of())) {
      proxy.inject(FaultProxy.Fault.json(503, ""), FaultProxy.Fault.json(500, ""),
          FaultProxy.Fault.json(429, "Retry-After: 1\r\n"));
      BlobKey key = put(storage, 100_000);
      assertThat(proxy.injected.get()).isEqualTo(3);
      assertThat(stored(storage, key)).isTrue();
    }
  }

  @Test
  void aRetryWaitsAsLongAsRetryAfterAsks() throws Exception {
    try (Storage storage = open(Map.of())) {
      // The client's own first backoff is a quarter of a second; the server asks for three.
      proxy.inject(FaultProxy.Fault.json(503, "Retry-After: 3\r\n"));
      long start = System.nanoTime();
      BlobKey key = put(storage, 100_000);
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
          java.time.Duration.ofSeconds(3));
      assertThat(proxy.injected.get()).isEqualTo(1);
      assertThat(stored(storage, key)).isTrue();
    }
  }

  @Test
  void droppedConnectionsAreRetriedAcrossAResumableUpload() throws Exception {
    try (Storage storage = open(Map.of())) {
      proxy.inject(FaultProxy.Fault.pass(), FaultProxy.Fault.pass(), FaultProxy.Fault.reset(),
          FaultProxy.Fault.pass(), FaultProxy.Fault.reset());
      BlobKey key = put(storage, 3 << 20); // three 1 MiB chunks
      assertThat(proxy.injected.get()).as("at least the first dropped connection was met").isGreaterThanOrEqualTo(3);
      assertThat(stored(storage, key)).isTrue();
    }
  }

  @Test
  void retriesAreBoundedAndNothingIsKept() throws Exception {
    try (Storage storage = open(Map.of(GcsSettings.ATTEMPTS, "2"))) {
      for (int i = 0; i < 10; i++) {
        proxy.inject(FaultProxy.Fault.json(503, ""));
      }
      assertThatThrownBy(() -> put(storage, 100_000)).isInstanceOf(SkiffException.class)
          .hasMessageStartingWith("storage gs://");
      assertThat(proxy.injected.get()).isLessThanOrEqualTo(3);
    }
  }
}
