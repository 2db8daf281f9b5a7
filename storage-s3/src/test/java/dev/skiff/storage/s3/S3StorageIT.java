package dev.skiff.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.BlobKey;
import dev.skiff.spi.Storage;
import dev.skiff.testing.StorageContractTest;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The storage contract against S3Mock, a real S3 server, plus what S3 adds: metadata, URLs. */
class S3StorageIT extends StorageContractTest {
  URI location;

  @Override
  protected Storage openStorage() throws Exception {
    location = S3Harness.freshLocation();
    return S3Harness.open(location, S3MockServer.shared().endpoint(), Map.of(S3Settings.PART_SIZE, "5M"),
        S3Harness.CREDENTIALS, files);
  }

  private String key(BlobKey blob) {
    return location.getPath().substring(1) + "/" + blob.path();
  }

  @Override
  protected byte[] readBack(BlobKey blob) throws Exception {
    try (S3Client s3 = S3Harness.reader(S3MockServer.shared().endpoint())) {
      ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(key(blob)));
      return bytes.asByteArray();
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  /** S3 decides If-None-Match atomically; S3Mock checks it, but not atomically under a true race. */
  @Override
  protected boolean atomicCreateOnly() {
    return false;
  }

  @Override
  protected long largeSize() {
    return 64L << 20; // thirteen 5 MiB parts
  }

  @Test
  void objectsCarryTheirTypeCachingAndProvenance() throws Exception {
    Path file = image("a.sif", 10_000, 7);
    BlobKey blob = keyOf(file);
    put(file, blob);
    try (S3Client s3 = S3Harness.reader(S3MockServer.shared().endpoint())) {
      HeadObjectResponse head = s3.headObject(r -> r.bucket(S3MockServer.BUCKET).key(key(blob)));
      assertThat(head.contentType()).isEqualTo("application/octet-stream");
      assertThat(head.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
      assertThat(head.metadata()).containsEntry("skiff-sha256", blob.digest().hex()).containsEntry("skiff-tag", "latest");
    }
  }

  @Test
  void aMultipartImageWhoseBytesDoNotMatchItsKeyIsTakenBack() throws Exception {
    Path file = image("big.sif", 6 << 20, 8);
    BlobKey wrong = keyOf(image("other.sif", 10, 9));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> put(file, wrong))
        .hasMessageContaining("changed after it was hashed, nothing was kept");
    assertThat(readBack(wrong)).isNull();
  }

  @Test
  void publicUrlsUseTheEndpointOrTheConfiguredBase() throws Exception {
    BlobKey blob = keyOf(image("a.sif", 10, 1));
    assertThat(storage.publicUrl(blob)).isEqualTo(
        URI.create(S3MockServer.shared().endpoint() + "/" + S3MockServer.BUCKET + "/" + key(blob)));
    try (Storage cdn = S3Harness.open(location, S3MockServer.shared().endpoint(),
        Map.of(S3Settings.BASE_URL, "https://images.example.org/c"), S3Harness.CREDENTIALS, files)) {
      assertThat(cdn.publicUrl(blob)).hasToString("https://images.example.org/c/" + key(blob));
    }
  }

  @Test
  void closingIsQuickAndNoThreadKeepsAProcessAlive() throws Exception {
    Storage another = S3Harness.open(location, S3MockServer.shared().endpoint(), Map.of(), S3Harness.CREDENTIALS, files);
    another.stat(keyOf(image("c.sif", 10, 3)));
    another.close();
    // Netty's own shutdown would wait out a two-second quiet period at the end of every run: the clients share
    // one event loop group that closing a client leaves running, so that close returns at once.
    assertThat(S3StorageFactory.EventLoops.GROUP.eventLoopGroup().isShuttingDown()).isFalse();
    assertThat(storage.stat(keyOf(image("d.sif", 10, 4)))).isEmpty();
    assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().contains("NettyEventLoop"))
        .isNotEmpty().allMatch(Thread::isDaemon);
  }
}
