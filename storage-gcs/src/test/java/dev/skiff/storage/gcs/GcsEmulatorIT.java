package dev.skiff.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.StorageOptions;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.Storage;
import dev.skiff.testing.StorageContractTest;
import dev.skiff.testing.TestConfig;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The storage contract over HTTP, against the Cloud Storage emulator of firebase-tools on
 * loopback: the real client, its JSON API requests, resumable uploads in several chunks.
 */
class GcsEmulatorIT extends StorageContractTest {
  static final String BUCKET = "skiff-test";
  String prefix;

  @Override
  protected Storage openStorage() throws Exception {
    prefix = "test-" + UUID.randomUUID();
    return open(Map.of());
  }

  Storage open(Map<String, String> extra) throws Exception {
    return GcsEmulator.open(URI.create("gs://" + BUCKET + "/" + prefix), GcsEmulator.shared().endpoint(), extra, files);
  }

  private com.google.cloud.storage.Storage reader() throws Exception {
    return StorageOptions.newBuilder().setHost(GcsEmulator.shared().endpoint().toString()).setProjectId("skiff")
        .setCredentials(NoCredentials.getInstance()).build().getService();
  }

  @Override
  protected byte[] readBack(BlobKey key) throws Exception {
    try (com.google.cloud.storage.Storage gcs = reader()) {
      Blob blob = gcs.get(BlobId.of(BUCKET, prefix + "/" + key.path()));
      return blob == null ? null : gcs.readAllBytes(BlobId.of(BUCKET, prefix + "/" + key.path()));
    }
  }

  @Override
  protected long largeSize() {
    return 64L << 20; // 64 resumable chunks of 1 MiB
  }

  @Test
  void objectsCarryTheirTypeCachingProvenanceAndChecksums() throws Exception {
    var file = image("a.sif", 3 << 20, 7);
    BlobKey key = keyOf(file);
    put(file, key);
    try (com.google.cloud.storage.Storage gcs = reader()) {
      Blob blob = gcs.get(BlobId.of(BUCKET, prefix + "/" + key.path()));
      assertThat(blob.getContentType()).isEqualTo("application/octet-stream");
      assertThat(blob.getMetadata()).containsEntry("skiff-sha256", key.digest().hex());
      assertThat(blob.getCrc32c()).isNotBlank();
      assertThat(blob.getSize()).isEqualTo(3 << 20);
    }
    assertThat(storage.publicUrl(key)).hasToString("https://storage.googleapis.com/" + BUCKET + "/" + prefix + "/"
        + key.path());
  }

  @Test
  void anUnreachableEndpointIsOneLine() {
    assertThatThrownBy(() -> {
      var location = URI.create("gs://" + BUCKET + "/x");
      GcsStorageFactory factory = new GcsStorageFactory();
      List<ConfigKey> keys = factory.configKeys();
      var config = new TestConfig(keys, Map.of("storage", location.toString(),
          GcsSettings.ENDPOINT, "http://127.0.0.1:9", GcsSettings.ATTEMPTS, "1", GcsSettings.TIMEOUT, "5s"), Map.of(), files);
      factory.create(location, config, new PluginContext(Map.of(), files, files, line -> { }));
    }).hasMessageStartingWith("storage gs://" + BUCKET + "/x: opening the bucket failed: cannot reach Cloud Storage");
  }

  @Test
  void noCredentialsIsOneLine() throws Exception {
    var location = URI.create("gs://" + BUCKET + "/x");
    GcsStorageFactory factory = new GcsStorageFactory();
    List<ConfigKey> keys = factory.configKeys();
    var config = new TestConfig(keys, Map.of("storage", location.toString()), Map.of(), files);
    assertThatThrownBy(() -> factory.create(location, config,
        new PluginContext(Map.of("NO_GCE_CHECK", "true", "HOME", files.toString()), files, files, line -> { })))
        .hasMessageStartingWith("no usable Google credentials");
  }
}
