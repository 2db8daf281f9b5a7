package dev.skiff.storage.oci;

import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StorageFactory;
import dev.skiff.support.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code oci://HOST[:PORT]/PREFIX}: images pushed to an OCI registry, each namespace's to the
 * repository {@code PREFIX/OWNER/NAME}, as {@code apptainer push oras://} pushes a SIF.
 */
public final class OciStorageFactory implements StorageFactory {
  static final String PLAIN_HTTP = "storage.oci.plain-http";
  static final String CHUNK_SIZE = "storage.oci.chunk-size";
  static final String TIMEOUT = "storage.oci.timeout";
  /**
   * A GiB: most images go up in one request. Each chunk costs a registry (docker-registry) a pause
   * as it saves the upload's state: 1 GiB in 16 MiB chunks took 1.6x skopeo's time, in one 1.14x.
   */
  static final long DEFAULT_CHUNK_SIZE = 1L << 30;

  @Override
  public String scheme() {
    return "oci";
  }

  @Override
  public String description() {
    return "OCI registries (GitHub Container Registry, Harbor, Zot, ECR, Artifact Registry): oci://HOST/PREFIX;"
        + " credentials from SKIFF_OCI_USERNAME and SKIFF_OCI_PASSWORD, Docker's config.json, or GITHUB_TOKEN for ghcr.io";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        ConfigKey.of(PLAIN_HTTP, "talk plain http to the registry (a registry on loopback or a private network);"
            + " never for one reached over the internet", "false"),
        ConfigKey.of(CHUNK_SIZE, "images up to this size go up in one request; larger ones in chunks of it (for"
            + " proxies that limit a request's size)", "1G"),
        ConfigKey.of(TIMEOUT, "how long one request to the registry may take", "10m"));
  }

  /** A blob's URL in a registry's API: {@code /v2/REPOSITORY/blobs/sha256:HEX}. */
  private static final Pattern BLOB_URL_PATH = Pattern.compile("/v2/((?:[a-z0-9._-]+/)+[a-z0-9._-]+)/blobs/sha256:([0-9a-f]{64})");

  /**
   * The store URI of a blob's URL in a registry's API, so that {@code skiff pull} reads an image
   * the registry keeps private with the credentials a run would push with.
   */
  @Override
  public Optional<URI> storeOf(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null || url.getUserInfo() != null
        || url.getRawPath() == null) {
      return Optional.empty();
    }
    Matcher blob = BLOB_URL_PATH.matcher(url.getRawPath());
    return blob.matches() ? Optional.of(URI.create("oci://" + url.getRawAuthority() + "/" + blob.group(1) + "/"
        + blob.group(2) + ".sif")) : Optional.empty();
  }

  @Override
  public Storage create(URI uri, PluginConfig config, PluginContext context) throws SkiffException {
    OciLocation location = OciLocation.parse(uri, config.flag(PLAIN_HTTP), "storage");
    long chunk = config.size(CHUNK_SIZE).orElse(DEFAULT_CHUNK_SIZE);
    if (chunk < 1 << 20) {
      throw dev.skiff.spi.ConfigurationException.of(CHUNK_SIZE, "setting '" + CHUNK_SIZE + "' (from "
          + config.origin(CHUNK_SIZE) + "): at least 1M, or a large image takes thousands of requests");
    }
    Duration timeout = config.duration(TIMEOUT).orElse(Duration.ofMinutes(10));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    OciCredentials credentials = OciCredentials.find(location.registry(), context.environment());
    return new OciStorage(location, new OciHttp(client, credentials, timeout, RetryPolicy.DEFAULT), chunk);
  }
}
