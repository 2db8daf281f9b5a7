package dev.skiff.cloudbuild;

import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.cloudbuild.v1.model.Build;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skiff.model.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A stand-in for Google Cloud Build v1 on loopback (no such service runs offline): the calls the
 * builder makes (projects.builds.create, get, cancel), with request bodies parsed into the model
 * classes generated from Google's API description. It "runs" a build by reading its staged source
 * from Cloud Storage (Google's in-memory implementation, shared with the test) and writing what
 * the steps would: the log, the image under its key, the digest file. A comment in the recipe picks
 * the outcome: "# stand-in: fail", "# stand-in: hang", "# stand-in: badsum"; otherwise success.
 */
final class CloudBuildStandIn implements AutoCloseable {
  private final HttpServer server;
  private final Storage gcs;
  private final byte[] image;
  private final Map<String, Build> builds = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  final List<String> cancelled = new CopyOnWriteArrayList<>();

  CloudBuildStandIn(Storage gcs, byte[] image) throws IOException {
    this.gcs = gcs;
    this.image = image.clone();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/projects/", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      route(exchange);
    } catch (IOException | RuntimeException e) {
      throw e;
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    {
      String path = exchange.getRequestURI().getPath();
      String[] parts = path.split("/"); // "", v1, projects, P, builds, [ID[:cancel]]
      String method = exchange.getRequestMethod();
      if (method.equals("POST") && parts.length == 5) {
        // The client gzips request bodies, as Google's APIs accept.
        java.io.InputStream body = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
            ? new java.util.zip.GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody();
        Build build = GsonFactory.getDefaultInstance().fromInputStream(body, Build.class);
        String id = "build-" + ids.incrementAndGet();
        build.setId(id).setProjectId(parts[3]).setStatus("QUEUED");
        builds.put(id, build);
        polls.put(id, new AtomicInteger());
        respond(exchange, Map.of("name", "operations/build/" + parts[3] + "/" + id, "metadata", Map.of(
            "@type", "type.googleapis.com/google.devtools.cloudbuild.v1.BuildOperationMetadata",
            "build", Map.of("id", id, "status", "QUEUED"))));
      } else if (method.equals("GET") && parts.length == 6) {
        Build build = builds.get(parts[5]);
        advance(build, polls.get(build.getId()).incrementAndGet());
        respond(exchange, build);
      } else if (method.equals("POST") && parts.length == 6 && parts[5].endsWith(":cancel")) {
        Build build = builds.get(parts[5].substring(0, parts[5].length() - ":cancel".length()));
        cancelled.add(build.getId());
        build.setStatus("CANCELLED");
        respond(exchange, build);
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  /** What the build's steps would have done by this poll. */
  private void advance(Build build, int poll) throws IOException {
    if (!List.of("QUEUED", "WORKING").contains(build.getStatus())) {
      return;
    }
    String mode = mode(build);
    if (poll == 1) {
      build.setStatus("WORKING");
      log(build, "Step #0 - \"build\": INFO:    Starting build...\n");
      return;
    }
    if (mode.equals("hang")) {
      return;
    }
    if (mode.equals("fail")) {
      log(build, "Step #0 - \"build\": INFO:    Starting build...\nStep #0 - \"build\": FATAL:   While performing"
          + " build: conveyor failed\nERROR: build step 0 \"" + build.getSteps().get(0).getName() + "\" failed\n");
      build.setStatus("FAILURE").setStatusDetail("Build step failure: build step 0 failed");
      return;
    }
    Digest digest = Digest.sha256(image);
    String store = build.getSteps().get(2).getArgs().get(1);
    URI target = URI.create(between(store, "cp -n image.sif \"", "\"").replace("$$(cat sha256.txt)", digest.hex()));
    URI digestFile = URI.create(between(store, "gsutil cp sha256.txt \"", "\"").replace("$BUILD_ID", build.getId()));
    String recorded = mode.equals("badsum") ? Digest.sha256(new byte[] {1}).hex() : digest.hex();
    gcs.create(BlobInfo.newBuilder(BlobId.of(target.getHost(), target.getPath().substring(1)))
        .setMetadata(Map.of("skiff-sha256", recorded)).build(), image);
    gcs.create(BlobInfo.newBuilder(BlobId.of(digestFile.getHost(), digestFile.getPath().substring(1))).build(),
        digest.hex().getBytes(StandardCharsets.US_ASCII));
    log(build, "Step #0 - \"build\": INFO:    Starting build...\nStep #0 - \"build\": INFO:    Build complete:"
        + " image.sif\nStep #2 - \"store\": Copying file://image.sif\n");
    build.setStatus("SUCCESS");
  }

  /** The recipe's stand-in comment, read from the staged source archive. */
  private String mode(Build build) throws IOException {
    var source = build.getSource().getStorageSource();
    byte[] archive = gcs.readAllBytes(BlobId.of(source.getBucket(), source.getObject()));
    String recipe = build.getSteps().get(0).getArgs().get(3);
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
        new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.getName().equals(recipe)) {
          String text = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
          return text.contains("# stand-in: ") ? text.replaceAll("(?s).*# stand-in: (\\w+).*", "$1") : "ok";
        }
      }
    }
    throw new IOException("the staged source has no " + recipe);
  }

  private void log(Build build, String text) {
    URI logs = URI.create(build.getLogsBucket());
    String name = logs.getPath().substring(1) + "/log-" + build.getId() + ".txt";
    gcs.create(BlobInfo.newBuilder(BlobId.of(logs.getHost(), name)).build(), text.getBytes(StandardCharsets.UTF_8));
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start) + start.length();
    return text.substring(from, text.indexOf(end, from));
  }

  private static void respond(HttpExchange exchange, Object value) throws IOException {
    byte[] body = GsonFactory.getDefaultInstance().toByteArray(value);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
