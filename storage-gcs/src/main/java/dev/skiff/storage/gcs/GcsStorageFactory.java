package dev.skiff.storage.gcs;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.BucketNaming;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.PublicObjectUrl;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.StorageFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code gs://BUCKET/PREFIX}: Google Cloud Storage. */
public final class GcsStorageFactory implements StorageFactory {
  static final URI GOOGLE = URI.create("https://storage.googleapis.com/");

  @Override
  public String scheme() {
    return "gs";
  }

  @Override
  public String description() {
    return "Google Cloud Storage, gs://BUCKET/PREFIX";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return GcsSettings.KEYS;
  }

  // A server asking for a longer pause than this gets it on a later attempt, not in one wait.
  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(1);

  static BucketLocation location(URI uri) throws SkiffException {
    return BucketLocation.parse(uri, BucketNaming.GCS);
  }

  @Override
  public GcsStorage create(URI uri, PluginConfig config, PluginContext context) throws SkiffException {
    BucketLocation location = GcsStorageFactory.location(uri);
    GcsSettings settings = GcsSettings.from(config);
    return new GcsStorage(client(location, settings, context), location, settings, publicBase(location, settings));
  }

  /** storage.googleapis.com/BUCKET/KEY and BUCKET.storage.googleapis.com/KEY. */
  @Override
  public Optional<URI> storeOf(URI url) {
    String suffix = "." + GOOGLE.getHost();
    return PublicObjectUrl.of(url).flatMap(object -> object.host().equals(GOOGLE.getHost())
        ? Optional.of(URI.create("gs:/" + object.path()))
        : object.host().endsWith(suffix) ? Optional.of(URI.create("gs://"
            + object.host().substring(0, object.host().length() - suffix.length()) + object.path()))
        : Optional.empty());
  }

  @Override
  public GcsStaticFiles createStaticFiles(URI uri, PluginConfig config, PluginContext context) throws SkiffException {
    BucketLocation location = GcsStorageFactory.location(uri);
    return new GcsStaticFiles(client(location, GcsSettings.from(config), context), location);
  }

  /** A client for the bucket, with the run's credentials, retries and timeouts; the bucket checked to be there. */
  private static Storage client(BucketLocation location, GcsSettings settings, PluginContext context)
      throws SkiffException {
    StorageOptions.Builder options = StorageOptions.newBuilder()
        .setRetrySettings(RetrySettings.newBuilder()
            .setMaxAttempts(settings.attempts())
            .setTotalTimeoutDuration(settings.timeout())
            .setInitialRetryDelayDuration(Duration.ofMillis(250))
            .setRetryDelayMultiplier(2.0)
            .setMaxRetryDelayDuration(Duration.ofSeconds(16))
            .build())
        .setStorageRetryStrategy(new RetryAfterRetryStrategy(MAX_RETRY_AFTER));
    settings.project().ifPresent(options::setProjectId);
    if (settings.endpoint().isPresent()) {
      // An emulator: no Google account behind it.
      String host = settings.endpoint().get().toString();
      options.setHost(host.substring(0, host.length() - 1)).setCredentials(NoCredentials.getInstance());
      if (settings.project().isEmpty()) {
        options.setProjectId("skiff");
      }
    } else {
      options.setCredentials(credentials(context.environment()));
    }
    Storage gcs = options.build().getService();
    checkBucket(gcs, location);
    return gcs;
  }

  /** Closes a client; its failure, rare and harmless to what was stored, said as an IOException. */
  static void close(Storage gcs) throws IOException {
    try {
      gcs.close();
    } catch (Exception e) {
      throw new IOException("closing the Cloud Storage client: " + e.getMessage(), e);
    }
  }

  static URI publicBase(BucketLocation location, GcsSettings settings) {
    return settings.baseUrl().orElse(GOOGLE.resolve(location.bucket() + "/"));
  }

  /** Fails now, before anything is built, when the bucket does not exist or cannot be reached. */
  private static void checkBucket(Storage gcs, BucketLocation location) throws SkiffException {
    try {
      if (gcs.get(location.bucket()) == null) {
        throw new SkiffException("storage " + location + ": bucket '" + location.bucket() + "' does not exist; create"
            + " it, or fix the storage URI");
      }
    } catch (StorageException e) {
      if (e.getCode() != 403) { // may write objects without reading the bucket: fine
        throw GcsErrors.translate(e, location, location.toString(), "opening the bucket");
      }
    }
  }

  /**
   * Application Default Credentials, read from the run's environment: the key file that
   * GOOGLE_APPLICATION_CREDENTIALS names (a service account, or the external account that
   * workload identity federation writes in CI), else gcloud's, else the metadata server.
   */
  private static Credentials credentials(Map<String, String> env) throws SkiffException {
    String file = env.get("GOOGLE_APPLICATION_CREDENTIALS");
    try {
      if (file != null && !file.isBlank()) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
          return GoogleCredentials.fromStream(in).createScoped(
              List.of("https://www.googleapis.com/auth/devstorage.read_write"));
        }
      }
      if ("true".equalsIgnoreCase(env.get("NO_GCE_CHECK")) && !gcloudCredentialsExist(env)) {
        throw new IOException("none found");
      }
      return GoogleCredentials.getApplicationDefault();
    } catch (IOException e) {
      throw new SkiffException("no usable Google credentials (" + e.getMessage() + "): set GOOGLE_APPLICATION_CREDENTIALS"
          + " to a service-account key file, or use workload identity federation in CI", e);
    }
  }

  private static boolean gcloudCredentialsExist(Map<String, String> env) {
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Files.isRegularFile(Path.of(home, ".config/gcloud/application_default_credentials.json"));
  }
}
