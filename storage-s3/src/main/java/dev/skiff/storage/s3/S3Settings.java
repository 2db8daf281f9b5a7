package dev.skiff.storage.s3;

import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.SkiffException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The S3 storage's settings, read once.
 *
 * @param region the bucket's region; empty for the SDK's default (environment, profile)
 * @param endpoint an S3-compatible endpoint (MinIO, Ceph, R2); implies path-style addressing
 * @param pathStyle whether to address buckets as {@code endpoint/bucket} rather than {@code bucket.endpoint}
 * @param partSize the part size of multipart uploads, and the size above which they are used
 * @param baseUrl where consumers download blobs (a CDN or website endpoint); empty for the S3 URL
 * @param timeout the deadline of one operation (an upload, a check), including retries
 * @param attempts how often a request is tried on 5xx, 429 and dropped connections
 */
record S3Settings(
    Optional<String> region, Optional<URI> endpoint, boolean pathStyle, long partSize, Optional<URI> baseUrl,
    Duration timeout, int attempts) {

  static final String REGION = "storage.s3.region";
  static final String ENDPOINT = "storage.s3.endpoint";
  static final String PATH_STYLE = "storage.s3.path-style";
  static final String PART_SIZE = "storage.s3.part-size";
  static final String BASE_URL = "storage.s3.base-url";
  static final String TIMEOUT = "storage.s3.timeout";
  static final String ATTEMPTS = "storage.s3.attempts";
  static final long MIN_PART_SIZE = 5L << 20; // S3's smallest part

  static final List<ConfigKey> KEYS = List.of(
      ConfigKey.of(REGION, "the bucket's region; default: AWS_REGION, else AWS_DEFAULT_REGION, else the AWS profile's"),
      ConfigKey.of(ENDPOINT, "an S3-compatible endpoint (MinIO, Ceph, R2), such as https://minio.example.org"),
      ConfigKey.of(PATH_STYLE, "address buckets as ENDPOINT/BUCKET (true with an endpoint) or BUCKET.ENDPOINT", "false"),
      ConfigKey.of(PART_SIZE, "multipart part size in bytes (K, M, G allowed); larger images are sent in parts", "16M"),
      ConfigKey.of(BASE_URL, "where consumers download blobs (a CDN or website endpoint); default: the bucket's URL"),
      ConfigKey.of(TIMEOUT, "deadline of one upload or check, retries included", "30m"),
      ConfigKey.of(ATTEMPTS, "how often a request is tried on 5xx, 429 and dropped connections", "5"));

  static S3Settings from(PluginConfig config) throws SkiffException {
    Optional<URI> endpoint = config.url(ENDPOINT);
    boolean pathStyle = endpoint.isPresent() || Boolean.parseBoolean(config.require(PATH_STYLE));
    long partSize = config.size(PART_SIZE).orElseThrow();
    if (partSize < MIN_PART_SIZE) {
      throw new SkiffException("setting '" + PART_SIZE + "' (from " + config.origin(PART_SIZE) + "): S3's parts are at"
          + " least 5M");
    }
    return new S3Settings(config.get(REGION).filter(r -> !r.isBlank()), endpoint, pathStyle, partSize,
        config.url(BASE_URL), config.duration(TIMEOUT).orElseThrow(), config.integer(ATTEMPTS, 1, 20).orElseThrow());
  }
}
