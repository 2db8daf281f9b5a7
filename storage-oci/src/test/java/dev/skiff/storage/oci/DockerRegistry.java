package dev.skiff.storage.oci;

import dev.skiff.testing.Tools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry on loopback: Debian's {@code docker-registry} (the distribution project's
 * registry), open or behind htpasswd basic auth, with deletes enabled unless a test says otherwise.
 */
public final class DockerRegistry implements AutoCloseable {
  public static final String USER = "pusher";
  public static final String PASSWORD = "sesame-open";

  private final Process process;
  private final int port;

  private DockerRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a registry storing into {@code dir}, deletes allowed; with basic auth when {@code withPassword}. */
  public static DockerRegistry start(Path dir, boolean withPassword) throws Exception {
    return start(dir, withPassword, true);
  }

  /** As {@link #start(Path, boolean)}; {@code deletes} false refuses deletes, as GitHub's registry does. */
  public static DockerRegistry start(Path dir, boolean withPassword, boolean deletes) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/docker-registry"))) {
      throw new IllegalStateException("docker-registry is not installed (Debian: docker-registry); bin/test installs it");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    StringBuilder config = new StringBuilder("version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n"
        + "    rootdirectory: " + dir.resolve("data") + "\n  delete:\n    enabled: " + deletes + "\nhttp:\n  addr: 127.0.0.1:" + port
        + "\n");
    if (withPassword) {
      Path htpasswd = dir.resolve("htpasswd");
      Files.writeString(htpasswd, Tools.ok(dir, "htpasswd", "-Bbn", USER, PASSWORD).strip() + "\n");
      config.append("auth:\n  htpasswd:\n    realm: test\n    path: ").append(htpasswd).append('\n');
    }
    Path file = Files.writeString(dir.resolve("config.yml"), config);
    ProcessBuilder builder = new ProcessBuilder("docker-registry", "serve", file.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile());
    builder.environment().put("REGISTRY_HTTP_SECRET", "test");
    DockerRegistry registry = new DockerRegistry(builder.start(), port);
    registry.awaitReady(dir);
    return registry;
  }

  /** Asks /v2/ until the registry answers (200, or 401 behind auth), within a minute. */
  private void awaitReady(Path dir) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("docker-registry stopped: " + Files.readString(dir.resolve("registry.log")));
      }
      try {
        int status = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200 || status == 401) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet: ask again once the process has had a moment.
        process.waitFor(20, TimeUnit.MILLISECONDS);
      }
    }
    throw new IllegalStateException("docker-registry did not answer within a minute");
  }

  /** {@code 127.0.0.1:PORT}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
