package dev.skiff.storage.oci;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The user name and password (or token) a registry is signed in to with, found as registry clients
 * find them: {@code SKIFF_OCI_USERNAME} and {@code SKIFF_OCI_PASSWORD}; else Docker's
 * {@code config.json} ({@code auths}, in {@code DOCKER_CONFIG} or {@code ~/.docker}); else, for
 * {@code ghcr.io} on GitHub Actions, the job's {@code GITHUB_TOKEN}. None: anonymous. The password
 * never appears in a message or {@link #toString}.
 *
 * @param source where they were found, for messages
 */
record OciCredentials(Optional<String> username, Optional<String> password, String source) {
  static final String USERNAME = "SKIFF_OCI_USERNAME";
  static final String PASSWORD = "SKIFF_OCI_PASSWORD";

  static OciCredentials anonymous() {
    return new OciCredentials(Optional.empty(), Optional.empty(), "none (anonymous)");
  }

  static OciCredentials find(String registry, Map<String, String> environment) {
    String user = environment.get(USERNAME);
    String password = environment.get(PASSWORD);
    if (password != null && !password.isEmpty()) {
      return new OciCredentials(Optional.of(user == null || user.isEmpty() ? "skiff" : user), Optional.of(password),
          PASSWORD);
    }
    Optional<OciCredentials> docker = dockerConfig(registry, environment);
    if (docker.isPresent()) {
      return docker.get();
    }
    String githubToken = environment.get("GITHUB_TOKEN");
    if (registry.equals("ghcr.io") && githubToken != null && !githubToken.isEmpty()) {
      return new OciCredentials(Optional.of(environment.getOrDefault("GITHUB_ACTOR", "skiff")), Optional.of(githubToken),
          "GITHUB_TOKEN");
    }
    return anonymous();
  }

  private static Optional<OciCredentials> dockerConfig(String registry, Map<String, String> environment) {
    String folder = environment.get("DOCKER_CONFIG");
    Path file = folder != null && !folder.isEmpty() ? Path.of(folder, "config.json")
        : environment.containsKey("HOME") ? Path.of(environment.get("HOME"), ".docker", "config.json") : null;
    if (file == null || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Map<String, Object> config = JSON.std.mapFrom(Files.readString(file, StandardCharsets.UTF_8));
      if (!(config.get("auths") instanceof Map<?, ?> auths)) {
        return Optional.empty();
      }
      for (Map.Entry<?, ?> entry : auths.entrySet()) {
        if (registry.equals(hostOf(String.valueOf(entry.getKey()))) && entry.getValue() instanceof Map<?, ?> auth
            && auth.get("auth") instanceof String encoded) {
          String pair = new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
          int colon = pair.indexOf(':');
          if (colon > 0) {
            return Optional.of(new OciCredentials(Optional.of(pair.substring(0, colon)),
                Optional.of(pair.substring(colon + 1)), file.toString()));
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // A config that cannot be read gives no credentials; the registry will say it wants some.
    }
    return Optional.empty();
  }

  /** The registry a key of Docker's {@code auths} names: {@code ghcr.io}, or {@code https://host/v1/}'s host. */
  private static String hostOf(String key) {
    if (key.contains("://")) {
      URI uri = URI.create(key);
      return (uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())).toLowerCase(Locale.ROOT);
    }
    return key.replaceAll("/.*$", "").toLowerCase(Locale.ROOT);
  }

  /** The {@code Authorization} value of HTTP basic auth, when there are credentials. */
  Optional<String> basic() {
    return password.map(p -> "Basic " + Base64.getEncoder().encodeToString((username.orElse("") + ":" + p)
        .getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() {
    return username.map(u -> u + " (from " + source + ")").orElse(source);
  }
}
