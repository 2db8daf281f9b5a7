package dev.skiff.storage.gcs;

import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.StaticFiles;
import dev.skiff.testing.TestConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Cloud Storage emulator of firebase-tools (pinned in src/test/gcs-emulator/package.json and
 * installed by the build with npm), behind a small adapter for what the Java client needs and the
 * emulator lacks; run as a separate Node.js process for the whole test JVM.
 */
public final class GcsEmulator {
  /** The first start on a fresh machine loads thousands of cold modules; later ones take a second. */
  private static final long START_SECONDS = 150;
  private static final int ATTEMPTS = 2;
  private static final int KEPT_LINES = 40;

  private static GcsEmulator shared;

  private final Process process;
  private final int port;

  private GcsEmulator(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * The emulator this JVM shares, started on first use from the folder the system property
   * {@code gcs.emulator.dir} names (default: this module's {@code src/test/gcs-emulator}).
   */
  public static synchronized GcsEmulator shared() throws Exception {
    if (shared == null) {
      shared = startWithRetry();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  /**
   * A GCS storage at {@code location} that talks to {@code endpoint} (the emulator, or a proxy in
   * front of it), with 1 MiB resumable chunks and a minute's deadline unless {@code extra} says
   * otherwise.
   */
  static dev.skiff.spi.Storage open(URI location, URI endpoint, Map<String, String> extra, Path files)
      throws Exception {
    return new GcsStorageFactory().create(location, config(location, endpoint, extra, files),
        new PluginContext(Map.of(), files, files, line -> { }));
  }

  /** The same bucket and settings, opened as a static site. */
  static StaticFiles openSite(URI location, URI endpoint, Path files) throws Exception {
    return new GcsStorageFactory().createStaticFiles(location, config(location, endpoint, Map.of(), files),
        new PluginContext(Map.of(), files, files, line -> { }));
  }

  private static TestConfig config(URI location, URI endpoint, Map<String, String> extra, Path files) {
    List<ConfigKey> keys = new GcsStorageFactory().configKeys();
    Map<String, String> flags = new HashMap<>(Map.of("storage", location.toString(),
        GcsSettings.ENDPOINT, endpoint.toString(), GcsSettings.CHUNK_SIZE, "1M", GcsSettings.TIMEOUT, "60s"));
    flags.putAll(extra);
    return new TestConfig(keys, flags, Map.of(), files);
  }

  /** Where a client reaches it: the value of the setting {@code storage.gcs.endpoint}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private void stop() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static GcsEmulator startWithRetry() throws Exception {
    Path dir = Path.of(System.getProperty("gcs.emulator.dir", "src/test/gcs-emulator"));
    if (!Files.isDirectory(dir.resolve("node_modules/firebase-tools"))) {
      throw new IllegalStateException(dir.resolve("node_modules/firebase-tools") + " is missing; the build installs it"
          + " with npm (mvn generate-test-resources)");
    }
    IllegalStateException failure = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return start(dir);
      } catch (IllegalStateException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    throw failure;
  }

  private static GcsEmulator start(Path dir) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Process process = new ProcessBuilder("node", "adapter.js", Integer.toString(port)).directory(dir.toFile())
        .redirectErrorStream(true).start();
    process.getOutputStream().close(); // it reads nothing
    GcsEmulator emulator = new GcsEmulator(process, port);
    Output output = new Output(process);
    output.start();
    long started = System.nanoTime();
    try {
      output.ready.get(START_SECONDS, TimeUnit.SECONDS);
      return emulator;
    } catch (TimeoutException | ExecutionException e) {
      emulator.stop();
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      String why = e instanceof TimeoutException ? "was not ready after " + seconds + " s" : "exited";
      throw new IllegalStateException("the Cloud Storage emulator (node adapter.js in " + dir + ") " + why
          + "; it printed:\n" + output.lastLines(), e);
    }
  }

  /**
   * Reads the emulator's output on its own thread for the life of the process: it signals
   * "ready", keeps the last lines for a failure message, and drains the pipe so that a chatty
   * emulator never blocks on it.
   */
  private static final class Output extends Thread {
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Process process;
    private final Deque<String> last = new ArrayDeque<>();

    Output(Process process) {
      super("gcs-emulator-output");
      setDaemon(true);
      this.process = process;
    }

    @Override
    public void run() {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("ready ")) {
            ready.complete(null);
          }
          keep(line);
        }
      } catch (IOException e) {
        keep("(reading the output failed: " + e.getMessage() + ")");
      }
      ready.completeExceptionally(new IllegalStateException("the process ended"));
    }

    private synchronized void keep(String line) {
      last.addLast(line);
      if (last.size() > KEPT_LINES) {
        last.removeFirst();
      }
    }

    synchronized String lastLines() {
      return last.isEmpty() ? "(nothing)" : String.join("\n", last);
    }
  }
}
