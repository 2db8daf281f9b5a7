package dev.skiff.cloudbuild;

import dev.skiff.model.Recipe;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.cloudbuild.v1.CloudBuild;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.BucketNaming;
import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code cloudbuild}: builds on Google Cloud Build and stores the image in the run's gs:// bucket. */
public final class CloudBuildBuilderFactory implements BuilderFactory {
  static final String PROJECT = "builder.cloudbuild.project";
  static final String STAGING = "builder.cloudbuild.staging";
  static final String IMAGE = "builder.cloudbuild.image";
  static final String TIMEOUT = "builder.cloudbuild.timeout";
  static final String ENDPOINT = "builder.cloudbuild.endpoint";
  static final String STORAGE_ENDPOINT = "builder.cloudbuild.storage-endpoint";

  @Override
  public String name() {
    return "cloudbuild";
  }

  @Override
  public String description() {
    return "any recipe, built on Google Cloud Build into the run's gs:// storage; no local runtime needed";
  }

  /** How long a build may take changes nothing in the image. */
  @Override
  public List<String> outputSettings() {
    return configKeys().stream().filter(key -> !key.secret()).map(ConfigKey::name).filter(key -> !key.equals(TIMEOUT) && !key.equals(ENDPOINT) && !key.equals(STORAGE_ENDPOINT)).toList();
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        ConfigKey.of(PROJECT, "the Google Cloud project that runs the builds"),
        ConfigKey.of(STAGING, "gs://BUCKET/PREFIX for source archives, logs and digests"),
        ConfigKey.of(IMAGE, "the Apptainer builder image", "ghcr.io/apptainer/apptainer:1.4.1"),
        ConfigKey.of(TIMEOUT, "how long one build may take before it is cancelled", "2h"),
        ConfigKey.of(ENDPOINT, "a Cloud Build API endpoint other than Google's"),
        ConfigKey.of(STORAGE_ENDPOINT, "a Cloud Storage API endpoint other than Google's"));
  }

  /** Cloud builds only wait on this machine: several run at once. */
  @Override
  public int defaultJobs() {
    return 4;
  }

  /** Apptainer builds here: an agent it does not know fails before anything runs. */
  @Override
  public Optional<String> cannotBuild(Recipe recipe) {
    return recipe.unknownToApptainer().map(Throwable::getMessage);
  }

  @Override
  public Builder create(PluginConfig config, PluginContext context) throws SkiffException {
    String project = config.get(PROJECT).filter(p -> !p.isBlank()).orElseThrow(() -> new SkiffException(
        "builder 'cloudbuild' needs the project that runs the builds: set " + PROJECT));
    String stagingText = config.get(STAGING).filter(s -> !s.isBlank()).orElseThrow(() -> new SkiffException(
        "builder 'cloudbuild' needs a staging bucket for sources and logs: set " + STAGING + " to gs://BUCKET/PREFIX"));
    URI stagingUri = URI.create(stagingText);
    if (!"gs".equals(stagingUri.getScheme())) {
      throw new SkiffException("setting '" + STAGING + "' (from " + config.origin(STAGING) + "): '" + stagingText
          + "' is not a gs:// URI");
    }
    BucketLocation staging = BucketLocation.parse(stagingUri, BucketNaming.GCS);
    Optional<URI> endpoint = config.url(ENDPOINT);
    Optional<URI> storageEndpoint = config.url(STORAGE_ENDPOINT);
    HttpRequestInitializer auth;
    StorageOptions.Builder storage = StorageOptions.newBuilder().setProjectId(project);
    if (endpoint.isPresent()) {
      auth = request -> { };
      storage.setCredentials(NoCredentials.getInstance());
    } else {
      GoogleCredentials credentials = credentials(context.environment());
      auth = new HttpCredentialsAdapter(credentials);
      storage.setCredentials(credentials);
    }
    storageEndpoint.ifPresent(url -> storage.setHost(url.toString().replaceAll("/$", "")));
    CloudBuild.Builder api = new CloudBuild.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), auth)
        .setApplicationName("skiff");
    endpoint.ifPresent(url -> api.setRootUrl(url.toString()));
    return new CloudBuildBuilder(api.build(), storage.build().getService(), project, staging, config.require(IMAGE),
        config.duration(TIMEOUT).orElseThrow());
  }

  /** Application Default Credentials from the run's environment; missing ones fail before anything is staged. */
  private static GoogleCredentials credentials(Map<String, String> env) throws SkiffException {
    String file = env.get("GOOGLE_APPLICATION_CREDENTIALS");
    try {
      if (file != null && !file.isBlank()) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
          return GoogleCredentials.fromStream(in).createScoped(List.of("https://www.googleapis.com/auth/cloud-platform"));
        }
      }
      if ("true".equalsIgnoreCase(env.get("NO_GCE_CHECK"))) {
        throw new IOException("GOOGLE_APPLICATION_CREDENTIALS is not set");
      }
      return GoogleCredentials.getApplicationDefault();
    } catch (IOException e) {
      throw new SkiffException("builder 'cloudbuild' has no usable Google credentials (" + e.getMessage() + "): set"
          + " GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or use workload identity federation", e);
    }
  }
}
