package dev.skiff.storage.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.Storage;
import dev.skiff.testing.TestConfig;
import dev.skiff.testing.TestImages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push killed with SIGKILL halfway (a process of its own, pushing in chunks to docker-registry,
 * killed once it has sent its first chunk) leaves no tag: the registry holds neither the image nor
 * a tag naming it, and a push run again completes.
 */
class OciPushKilledIT {
  static final long SIZE = 48L << 20;

  @TempDir
  Path work;

  /**
   * The pushing process: prints a line per chunk sent, then "done". With "pause", it stops after its
   * first chunk until its input ends, so that the kill surely lands mid-push.
   */
  public static void main(String[] args) throws Exception {
    Path image = Path.of(args[1]);
    OciStorageFactory factory = new OciStorageFactory();
    try (Storage storage = factory.create(URI.create("oci://" + args[0] + "/lab"),
        new TestConfig(factory.configKeys(), Map.of(OciStorageFactory.PLAIN_HTTP, "true",
            OciStorageFactory.CHUNK_SIZE, "4M"), Map.of(), image.getParent()),
        new PluginContext(Map.of(), image.getParent(), image.getParent(), line -> { }))) {
      BlobKey key = new BlobKey(Namespace.parse("myorg/centos"), Digest.sha256(image));
      boolean pause = args.length > 2 && args[2].equals("pause");
      storage.put(new PutRequest(key, image, SIZE, Map.of("tag", "latest"), (done, total) -> {
        System.out.println("sent " + done);
        System.out.flush();
        if (pause) {
          try {
            System.in.read();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }));
      System.out.println("done");
    }
  }

  @Test
  void aKilledPushLeavesNoTagAndAPushAgainCompletes() throws Exception {
    Path image = TestImages.randomBlob(work.resolve("big.sif"), SIZE, 7);
    try (DockerRegistry registry = DockerRegistry.start(Files.createDirectories(work.resolve("registry")), false)) {
      Process push = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), OciPushKilledIT.class.getName(), registry.address(), image.toString(),
          "pause").redirectErrorStream(true).start();
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(push.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null && !line.startsWith("sent ")) {
          assertThat(line).as("the push ended before it sent a chunk").isNotEqualTo("done");
        }
        assertThat(line).as("the push printed no progress").isNotNull();
        push.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
        assertThat(push.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      HttpClient client = HttpClient.newHttpClient();
      String base = "http://" + registry.address() + "/v2/lab/myorg/centos/";
      HttpResponse<String> tags = client.send(HttpRequest.newBuilder(URI.create(base + "tags/list")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(tags.statusCode() == 404 || !tags.body().contains("latest")).as(tags.body()).isTrue();
      assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "blobs/" + Digest.sha256(image)))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode()).isEqualTo(404);

      Process again = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), OciPushKilledIT.class.getName(), registry.address(), image.toString())
          .redirectErrorStream(true).start();
      String output = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(again.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(output).endsWith("done\n");
      assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "tags/list")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).contains("latest");
    }
  }
}
