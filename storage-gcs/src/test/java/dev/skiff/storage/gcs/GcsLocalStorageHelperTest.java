package dev.skiff.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.testing.StorageContractTest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The storage contract against Google's own in-memory implementation of the Cloud Storage
 * interface (LocalStorageHelper in google-cloud-nio): no HTTP, but the same client-side API and
 * the same {@code doesNotExist} precondition.
 */
class GcsLocalStorageHelperTest extends StorageContractTest {
  static final String BUCKET = "skiff-test";
  com.google.cloud.storage.Storage gcs;
  BucketLocation location;

  @Override
  protected Storage openStorage() throws Exception {
    gcs = LocalStorageHelper.getOptions().getService();
    location = GcsStorageFactory.location(URI.create("gs://" + BUCKET + "/images"));
    GcsSettings settings = new GcsSettings(Optional.empty(), Optional.empty(), 256 * 1024, Optional.empty(),
        Duration.ofMinutes(1), 3);
    return new GcsStorage(gcs, location, settings, GcsStorageFactory.publicBase(location, settings));
  }

  @Override
  protected byte[] readBack(BlobKey key) {
    Blob blob = gcs.get(BlobId.of(BUCKET, location.key(key)));
    return blob == null ? null : blob.getContent();
  }

  @Override
  protected Optional<String> sharedUploadSessions() {
    // Its FakeStorageRpc names an upload session after the object, so two writers of one key write
    // into one buffer. The race runs against the Cloud Storage emulator instead (GcsEmulatorIT).
    return Optional.of("LocalStorageHelper keeps one upload session per object name");
  }

  @Override
  protected long largeSize() {
    return 64L << 20; // 256 chunks of 256 KiB
  }

  @Test
  void objectsCarryTheirTypeCachingAndProvenance() throws Exception {
    Path file = image("a.sif", 10_000, 7);
    BlobKey key = keyOf(file);
    put(file, key);
    Blob blob = gcs.get(BlobId.of(BUCKET, location.key(key)));
    assertThat(blob.getContentType()).isEqualTo("application/octet-stream");
    assertThat(blob.getCacheControl()).isEqualTo("public, max-age=31536000, immutable");
    assertThat(blob.getMetadata()).containsEntry("skiff-sha256", key.digest().hex()).containsEntry("skiff-tag", "latest");
    assertThat(storage.publicUrl(key)).hasToString("https://storage.googleapis.com/" + BUCKET + "/images/" + key.path());
  }

  @Test
  void malformedUris() {
    for (String bad : new String[] {"gs:bucket", "gs://Bad_Bucket!/x", "gs://b/x?generation=1"}) {
      assertThatThrownBy(() -> GcsStorageFactory.location(URI.create(bad))).isInstanceOf(SkiffException.class)
          .hasMessageStartingWith("storage '" + bad + "': ");
    }
  }
}
