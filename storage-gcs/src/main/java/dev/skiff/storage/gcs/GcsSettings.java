package dev.skiff.storage.gcs;

import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.SkiffException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Cloud Storage settings, read once.
 *
 * @param project the project for requests that need one; empty for the credentials' own
 * @param endpoint a JSON API endpoint other than Google's (an emulator); requests then go unauthenticated
 * @param chunkSize the chunk size of resumable uploads
 * @param baseUrl where consumers download blobs; empty for {@code https://storage.googleapis.com/BUCKET/}
 * @param timeout the deadline of one operation, retries included
 * @param attempts how often a request is tried on 5xx, 429 and dropped connections
 */
record GcsSettings(Optional<String> project, Optional<URI> endpoint, int chunkSize, Optional<URI> baseUrl,
    Duration timeout, int attempts) {

  static final String PROJECT = "storage.gcs.project";
  static final String ENDPOINT = "storage.gcs.endpoint";
  static final String CHUNK_SIZE = "storage.gcs.chunk-size";
  static final String BASE_URL = "storage.gcs.base-url";
  static final String TIMEOUT = "storage.gcs.timeout";
  static final String ATTEMPTS = "storage.gcs.attempts";
  // Resumable upload chunks are multiples of 256 KiB.
  static final int CHUNK_UNIT = 256 * 1024;

  static final List<ConfigKey> KEYS = List.of(
      ConfigKey.of(PROJECT, "the Google Cloud project; default: the credentials' project"),
      ConfigKey.of(ENDPOINT, "a Cloud Storage JSON API endpoint other than Google's, such as an emulator"),
      ConfigKey.of(CHUNK_SIZE, "resumable upload chunk size, a multiple of 256K (K, M allowed)", "16M"),
      ConfigKey.of(BASE_URL, "where consumers download blobs (a CDN); default: https://storage.googleapis.com/BUCKET/"),
      ConfigKey.of(TIMEOUT, "deadline of one upload or check, retries included", "30m"),
      ConfigKey.of(ATTEMPTS, "how often a request is tried on 5xx, 429 and dropped connections", "5"));

  static GcsSettings from(PluginConfig config) throws SkiffException {
    long chunk = config.size(CHUNK_SIZE).orElseThrow();
    if (chunk < CHUNK_UNIT || chunk % CHUNK_UNIT != 0 || chunk > Integer.MAX_VALUE) {
      throw new SkiffException("setting '" + CHUNK_SIZE + "' (from " + config.origin(CHUNK_SIZE) + "): chunks are"
          + " multiples of 256K");
    }
    return new GcsSettings(config.get(PROJECT).filter(p -> !p.isBlank()), config.url(ENDPOINT), (int) chunk,
        config.url(BASE_URL), config.duration(TIMEOUT).orElseThrow(), config.integer(ATTEMPTS, 1, 20).orElseThrow());
  }
}
