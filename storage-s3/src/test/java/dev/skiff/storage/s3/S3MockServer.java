package dev.skiff.storage.s3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Adobe S3Mock, a real S3 HTTP server, run as a separate process on loopback for the whole test
 * JVM (it takes seconds to start). Its jar is copied into the build by the module's POM.
 */
final class S3MockServer {
  static final String BUCKET = "skiff-test";
  private static S3MockServer shared;

  private final Process process;
  private final int port;
  private final Path dir;

  private S3MockServer(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  static synchronized S3MockServer shared() throws Exception {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  /** Stops the server and removes what it stored. */
  private void stop() {
    process.destroy();
    try {
      process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (IOException | InterruptedException e) {
      // Leftovers under target/ go with the next clean.
    }
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  int port() {
    return port;
  }

  private static S3MockServer start() throws Exception {
    Path jar = Path.of(System.getProperty("s3mock.jar", "target/s3mock/s3mock.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing; the build copies it (mvn process-test-resources)");
    }
    Path dir = Files.createDirectories(Path.of(System.getProperty("s3mock.dir", "target/s3mock")).resolve("run-" + ProcessHandle.current().pid()));
    int httpPort = freePort();
    int httpsPort = freePort();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-Djava.io.tmpdir=" + dir,
        "-jar", jar.toString(),
        "--com.adobe.testing.s3mock.httpPort=" + httpPort,
        "--server.port=" + httpsPort,
        "--server.address=127.0.0.1",
        "--com.adobe.testing.s3mock.store.initialBuckets=" + BUCKET,
        "--com.adobe.testing.s3mock.store.root=" + dir.resolve("store"),
        "--spring.main.banner-mode=off"))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("s3mock.log").toFile())
        .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Mock exited; see " + dir.resolve("s3mock.log"));
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + "/" + BUCKET)
            .toURL().openConnection();
        connection.setConnectTimeout(500);
        connection.setReadTimeout(2000);
        if (connection.getResponseCode() == 200) {
          return new S3MockServer(process, httpPort, dir);
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    process.destroyForcibly();
    throw new IllegalStateException("S3Mock did not start within 90 s; see " + dir.resolve("s3mock.log"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
