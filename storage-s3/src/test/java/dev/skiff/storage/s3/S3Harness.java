package dev.skiff.storage.s3;

import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.StaticFiles;
import dev.skiff.spi.Storage;
import dev.skiff.testing.TestConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Opens the S3 storage the way a run does, against an endpoint on loopback. */
final class S3Harness {
  static final Map<String, String> CREDENTIALS = Map.of("AWS_ACCESS_KEY_ID", "test-key", "AWS_SECRET_ACCESS_KEY",
      "test-secret", "AWS_EC2_METADATA_DISABLED", "true");

  private S3Harness() {}

  /** A fresh prefix in the test bucket, so that each test starts empty. */
  static URI freshLocation() {
    return URI.create("s3://" + S3MockServer.BUCKET + "/test-" + UUID.randomUUID());
  }

  static Storage open(URI location, URI endpoint, Map<String, String> settings, Map<String, String> env, Path dir)
      throws Exception {
    return new S3StorageFactory().create(location, config(location, endpoint, settings, env, dir),
        new PluginContext(env, dir, dir, line -> { }));
  }

  /** The same bucket and settings, opened as a static site. */
  static StaticFiles openSite(URI location, URI endpoint, Path dir) throws Exception {
    return new S3StorageFactory().createStaticFiles(location, config(location, endpoint, Map.of(), CREDENTIALS, dir),
        new PluginContext(CREDENTIALS, dir, dir, line -> { }));
  }

  private static TestConfig config(URI location, URI endpoint, Map<String, String> settings, Map<String, String> env,
      Path dir) {
    List<ConfigKey> keys = new S3StorageFactory().configKeys();
    Map<String, String> flags = new HashMap<>(settings);
    flags.put("storage", location.toString());
    flags.putIfAbsent(S3Settings.ENDPOINT, endpoint.toString());
    flags.putIfAbsent(S3Settings.TIMEOUT, "60s");
    return new TestConfig(keys, flags, env, dir);
  }

  /** A plain client for reading back what the storage wrote. */
  static S3Client reader(URI endpoint) {
    return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret")))
        .build();
  }
}
