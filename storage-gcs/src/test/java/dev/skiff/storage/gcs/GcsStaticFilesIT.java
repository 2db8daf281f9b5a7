package dev.skiff.storage.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.skiff.spi.StaticFiles;
import dev.skiff.testing.StaticFilesContractTest;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The static-files contract against the Cloud Storage emulator, over HTTP, with each file's type and caching. */
class GcsStaticFilesIT extends StaticFilesContractTest {
  String prefix;

  @Override
  protected StaticFiles openStaticFiles() throws Exception {
    prefix = "site-" + UUID.randomUUID();
    return GcsEmulator.openSite(URI.create("gs://" + GcsEmulatorIT.BUCKET + "/" + prefix),
        GcsEmulator.shared().endpoint(), files);
  }

  private static Storage reader() throws Exception {
    return StorageOptions.newBuilder().setHost(GcsEmulator.shared().endpoint().toString()).setProjectId("skiff")
        .setCredentials(NoCredentials.getInstance()).build().getService();
  }

  @Override
  protected Optional<byte[]> readBack(String path) throws Exception {
    try (Storage gcs = reader()) {
      BlobId id = BlobId.of(GcsEmulatorIT.BUCKET, prefix + "/" + path);
      return gcs.get(id) == null ? Optional.empty() : Optional.of(gcs.readAllBytes(id));
    }
  }

  @Override
  protected Optional<Map.Entry<String, String>> typeAndCaching(String path) throws Exception {
    try (Storage gcs = reader()) {
      Blob blob = gcs.get(BlobId.of(GcsEmulatorIT.BUCKET, prefix + "/" + path));
      return Optional.of(Map.entry(blob.getContentType(), blob.getCacheControl()));
    }
  }
}
