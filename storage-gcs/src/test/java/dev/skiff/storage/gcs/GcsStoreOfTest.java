package dev.skiff.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Public https URLs of Cloud Storage objects, mapped back to their bucket and key for reading with credentials. */
class GcsStoreOfTest {
  final GcsStorageFactory factory = new GcsStorageFactory();

  @Test
  void bothUrlFormsNameTheirBucket() {
    String key = "/images/lab/tool/" + "a".repeat(64) + ".sif";
    assertThat(factory.storeOf(URI.create("https://storage.googleapis.com/my-bucket" + key)))
        .contains(URI.create("gs://my-bucket" + key));
    assertThat(factory.storeOf(URI.create("https://my-bucket.storage.googleapis.com" + key)))
        .contains(URI.create("gs://my-bucket" + key));
  }

  @Test
  void otherUrlsAreNotCloudStorages() {
    assertThat(factory.storeOf(URI.create("https://my-bucket.s3.amazonaws.com/x.sif"))).isEmpty();
    assertThat(factory.storeOf(URI.create("http://storage.googleapis.com/b/x.sif"))).isEmpty();
    assertThat(factory.storeOf(URI.create("https://storage.googleapis.com.evil.org/b/x.sif"))).isEmpty();
  }
}
