package dev.skiff.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Public https URLs of S3 objects, mapped back to their bucket and key for reading with credentials. */
class S3StoreOfTest {
  final S3StorageFactory factory = new S3StorageFactory();

  @Test
  void virtualHostedAndPathStyleUrlsNameTheirBucket() {
    String key = "/images/lab/tool/" + "a".repeat(64) + ".sif";
    assertThat(factory.storeOf(URI.create("https://my-bucket.s3.amazonaws.com" + key)))
        .contains(URI.create("s3://my-bucket" + key));
    assertThat(factory.storeOf(URI.create("https://my.bucket.s3.eu-west-1.amazonaws.com" + key)))
        .contains(URI.create("s3://my.bucket" + key));
    assertThat(factory.storeOf(URI.create("https://my-bucket.s3-us-west-2.amazonaws.com" + key)))
        .contains(URI.create("s3://my-bucket" + key));
    assertThat(factory.storeOf(URI.create("https://s3.eu-west-1.amazonaws.com/my-bucket" + key)))
        .contains(URI.create("s3://my-bucket" + key));
  }

  @Test
  void otherUrlsAreNotS3s() {
    assertThat(factory.storeOf(URI.create("https://storage.googleapis.com/b/x.sif"))).isEmpty();
    assertThat(factory.storeOf(URI.create("http://my-bucket.s3.amazonaws.com/x.sif"))).isEmpty();
    assertThat(factory.storeOf(URI.create("https://evil.example.org/my-bucket.s3.amazonaws.com/x.sif"))).isEmpty();
    assertThat(factory.storeOf(URI.create("https://my-bucket.s3.amazonaws.com.evil.org/x.sif"))).isEmpty();
  }
}
