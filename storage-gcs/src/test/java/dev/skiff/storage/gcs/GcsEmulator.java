package dev.skiff.storage.gcs;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Cloud Storage emulator of firebase-tools (pinned in src/test/gcs-emulator/package.json and
 * installed by the build with npm), behind a small adapter for what the Java client needs and the
 * emulator lacks; run as a separate Node.js process for the whole test JVM.
 */
final class GcsEmulator {
  private static GcsEmulator shared;

  private final Process process;
  private final int port;

  private GcsEmulator(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static synchronized GcsEmulator shared() throws Exception {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared.process::destroy));
    }
    return shared;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private static GcsEmulator start() throws Exception {
    Path dir = Path.of(System.getProperty("gcs.emulator.dir", "src/test/gcs-emulator"));
    if (!Files.isDirectory(dir.resolve("node_modules/firebase-tools"))) {
      throw new IllegalStateException(dir.resolve("node_modules/firebase-tools") + " is missing; the build installs it"
          + " with npm (mvn generate-test-resources)");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Process process = new ProcessBuilder("node", "adapter.js", Integer.toString(port)).directory(dir.toFile())
        .redirectErrorStream(true).start();
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("ready ")) {
            // Keep draining, or a chatty emulator would block on a full pipe.
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
            drain.setDaemon(true);
            drain.start();
            return line;
          }
          seen.append(line).append('\n');
        }
        throw new IllegalStateException("the emulator exited:\n" + seen);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    // Loading firebase-tools takes seconds, and longer on a busy CI machine.
    ready.get(180, TimeUnit.SECONDS);
    return new GcsEmulator(process, port);
  }
}
