package dev.skiff.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.ProgressListener;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.PutResult;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.testing.FaultProxy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The S3 storage behind a fault-injecting proxy in front of S3Mock: retries with backoff on 503,
 * 429 and resets, a deadline on stalls, corrupted uploads refused, and one clear line for each
 * failure a user can cause. Error bodies follow S3's documented XML error format.
 */
class S3FaultsIT {
  @TempDir
  Path dir;

  FaultProxy proxy;
  URI location;

  @BeforeEach
  void startProxy() throws Exception {
    proxy = new FaultProxy(S3MockServer.shared().port());
    location = S3Harness.freshLocation();
  }

  @AfterEach
  void stopProxy() throws IOException {
    proxy.close();
  }

  Storage open(Map<String, String> settings) throws Exception {
    Map<String, String> all = new HashMap<>(Map.of(S3Settings.PART_SIZE, "5M", S3Settings.TIMEOUT, "20s"));
    all.putAll(settings);
    return S3Harness.open(location, proxy.endpoint(), all, S3Harness.CREDENTIALS, dir);
  }

  Path image(long size) throws IOException {
    byte[] bytes = new byte[(int) size];
    new Random(size).nextBytes(bytes);
    return Files.write(dir.resolve("image-" + size + ".sif"), bytes);
  }

  PutResult put(Storage storage, Path file) throws Exception {
    BlobKey key = new BlobKey(Namespace.parse("myorg/centos"), Digest.sha256(file));
    return storage.put(new PutRequest(key, file, Files.size(file), Map.of(), ProgressListener.NONE));
  }

  /** The object's URI, as messages name it. */
  String object(Path file) throws IOException {
    return location + "/myorg/centos/" + Digest.sha256(file).hex() + ".sif";
  }

  boolean stored(Path file) throws Exception {
    String key = location.getPath().substring(1) + "/myorg/centos/" + Digest.sha256(file).hex() + ".sif";
    try (S3Client s3 = S3Harness.reader(S3MockServer.shared().endpoint())) {
      s3.headObject(r -> r.bucket(S3MockServer.BUCKET).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  @Test
  void serverErrorsAreRetriedWithBackoff() throws Exception {
    try (Storage storage = open(Map.of())) {
      Path file = image(100_000);
      proxy.inject(FaultProxy.Fault.status(503, "SlowDown", ""), FaultProxy.Fault.status(500, "InternalError", ""));
      assertThat(put(storage, file).uploaded()).isTrue();
      assertThat(proxy.injected.get()).isEqualTo(2);
      assertThat(stored(file)).isTrue();
    }
  }

  @Test
  void throttlingIsRetried() throws Exception {
    try (Storage storage = open(Map.of())) {
      Path file = image(100_000);
      proxy.inject(FaultProxy.Fault.status(429, "TooManyRequests", "Retry-After: 1\r\n"));
      assertThat(put(storage, file).uploaded()).isTrue();
      assertThat(proxy.injected.get()).isEqualTo(1);
    }
  }

  @Test
  void aRetryWaitsAsLongAsRetryAfterAsks() throws Exception {
    try (Storage storage = open(Map.of())) {
      Path file = image(100_000);
      // The SDK's own first backoff after throttling is at most a second; the server asks for three.
      proxy.inject(FaultProxy.Fault.status(503, "SlowDown", "Retry-After: 3\r\n"));
      long start = System.nanoTime();
      assertThat(put(storage, file).uploaded()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
      assertThat(proxy.injected.get()).isEqualTo(1);
    }
  }

  @Test
  void connectionResetsAreRetried() throws Exception {
    try (Storage storage = open(Map.of())) {
      Path file = image(6 << 20); // two parts
      proxy.inject(FaultProxy.Fault.reset(), FaultProxy.Fault.reset());
      assertThat(put(storage, file).uploaded()).isTrue();
      assertThat(stored(file)).isTrue();
    }
  }

  @Test
  void retriesAreBounded() throws Exception {
    try (Storage storage = open(Map.of(S3Settings.ATTEMPTS, "3"))) {
      Path file = image(100_000);
      for (int i = 0; i < 10; i++) {
        proxy.inject(FaultProxy.Fault.status(503, "SlowDown", ""));
      }
      assertThatThrownBy(() -> put(storage, file)).isInstanceOf(SkiffException.class)
          .hasMessage("storage " + object(file) + ": checking failed: 503");
      assertThat(proxy.injected.get()).isLessThanOrEqualTo(3);
      assertThat(stored(file)).isFalse();
    }
  }

  @Test
  void aStalledServerHitsTheDeadline() throws Exception {
    try (Storage storage = open(Map.of(S3Settings.TIMEOUT, "3s", S3Settings.ATTEMPTS, "1"))) {
      Path file = image(100_000);
      proxy.inject(FaultProxy.Fault.stall(), FaultProxy.Fault.stall(), FaultProxy.Fault.stall());
      // The proxy holds each stalled connection for a minute: only the deadline's own words end the put sooner.
      assertThatThrownBy(() -> put(storage, file)).isInstanceOf(SkiffException.class).hasMessageContaining("did not");
      assertThat(stored(file)).isFalse();
    }
  }

  @Test
  void aCorruptedUploadIsNotPublished() throws Exception {
    try (Storage storage = open(Map.of())) {
      Path file = image(100_000);
      proxy.inject(FaultProxy.Fault.corrupt());
      assertThatThrownBy(() -> put(storage, file)).isInstanceOf(SkiffException.class)
          .hasMessageStartingWith("storage " + object(file) + ": ");
      assertThat(proxy.injected.get()).isEqualTo(1);
      assertThat(stored(file)).isFalse();
    }
  }

  @Test
  void aWriterThatLosesTheCreateOnlyRaceKeepsTheWinnersObject() throws Exception {
    Path file = image(100_000);
    try (Storage first = open(Map.of())) {
      assertThat(put(first, file).uploaded()).isTrue();
    }
    try (Storage second = open(Map.of())) {
      // The second writer's existence check says "absent", as if it ran before the first finished.
      proxy.inject(FaultProxy.Fault.status(404, "NoSuchKey", ""));
      PutResult result = put(second, file);
      assertThat(result.uploaded()).isFalse();
      assertThat(result.blob().size()).isEqualTo(100_000);
    }
  }

  @Test
  void badCredentialsAreOneLine() throws Exception {
    try (Storage storage = open(Map.of())) {
      Path file = image(100_000);
      proxy.inject(FaultProxy.Fault.pass(), FaultProxy.Fault.status(403, "InvalidAccessKeyId", ""));
      assertThatThrownBy(() -> put(storage, file)).isInstanceOf(SkiffException.class)
          .hasMessage("storage " + object(file) + ": the AWS credentials were refused (InvalidAccessKeyId); check"
              + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the CI role");
      assertThat(stored(file)).isFalse();
    }
  }

  @Test
  void aRefusedCheckSaysWhatTheCredentialsNeed() throws Exception {
    try (Storage storage = open(Map.of())) {
      proxy.inject(FaultProxy.Fault.status(403, "AccessDenied", ""));
      Path file = image(1000);
      assertThatThrownBy(() -> put(storage, file))
          .hasMessageContaining("access denied checking: the credentials were refused, or lack s3:GetObject and"
              + " s3:PutObject on " + location + "/*");
    }
  }

  @Test
  void permissionDeniedNamesTheObjectAndTheRightsNeeded() throws Exception {
    try (Storage storage = open(Map.of())) {
      Path file = image(100_000);
      proxy.inject(FaultProxy.Fault.pass(), FaultProxy.Fault.status(403, "AccessDenied", ""));
      assertThatThrownBy(() -> put(storage, file))
          .hasMessage("storage " + object(file) + ": permission denied storing; the credentials need s3:GetObject and"
              + " s3:PutObject on " + location + "/*");
      assertThat(stored(file)).isFalse();
    }
  }

  @Test
  void aWrongRegionSaysWhichRegion() throws Exception {
    proxy.inject(FaultProxy.Fault.status(301, "PermanentRedirect", "x-amz-bucket-region: eu-west-1\r\n"));
    assertThatThrownBy(() -> open(Map.of(S3Settings.REGION, "us-east-1")))
        .hasMessage("storage " + location + ": bucket '" + S3MockServer.BUCKET + "' is in another region (eu-west-1);"
            + " set storage.s3.region");
  }

  @Test
  void aBucketThatDoesNotExist() throws Exception {
    location = URI.create("s3://no-such-bucket-here/images");
    assertThatThrownBy(() -> open(Map.of()))
        .hasMessage("storage s3://no-such-bucket-here/images: bucket 'no-such-bucket-here' does not exist; create it,"
            + " or fix the storage URI");
  }

  @Test
  void anUnreachableEndpoint() throws Exception {
    assertThatThrownBy(() -> S3Harness.open(location, URI.create("http://127.0.0.1:9"), Map.of(S3Settings.ATTEMPTS, "1"),
        S3Harness.CREDENTIALS, dir)).isInstanceOf(SkiffException.class)
        .hasMessageStartingWith("storage " + location + ": opening the bucket failed: cannot reach S3");
  }

  @Test
  void anEndpointThatAnswersGarbage() throws Exception {
    com.sun.net.httpserver.HttpServer garbage = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    garbage.createContext("/", exchange -> {
      byte[] body = "<html>hello</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html");
      exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
      if (!exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    garbage.start();
    try (Storage storage = S3Harness.open(location, URI.create("http://127.0.0.1:" + garbage.getAddress().getPort()),
        Map.of(S3Settings.ATTEMPTS, "1"), S3Harness.CREDENTIALS, dir)) {
      Path file = image(1000);
      assertThatThrownBy(() -> put(storage, file)).isInstanceOf(SkiffException.class)
          .hasMessage("storage " + object(file) + ": the endpoint answered something that is not S3 (an object"
              + " without an ETag); check storage.s3.endpoint");
    } finally {
      garbage.stop(0);
    }
  }

  @Test
  void noCredentials() {
    assertThatThrownBy(() -> S3Harness.open(location, proxy.endpoint(), Map.of(),
        Map.of("AWS_EC2_METADATA_DISABLED", "true", "HOME", dir.toString()), dir))
        .hasMessageStartingWith("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void malformedUris() {
    for (String bad : new String[] {"s3:bucket", "s3://Bad_Bucket/x", "s3://b/x?versionId=1"}) {
      assertThatThrownBy(() -> S3StorageFactory.location(URI.create(bad))).isInstanceOf(SkiffException.class)
          .hasMessageStartingWith("storage '" + bad + "': ");
    }
  }
}
