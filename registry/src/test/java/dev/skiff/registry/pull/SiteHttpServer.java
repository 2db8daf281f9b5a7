package dev.skiff.registry.pull;

import java.util.regex.Pattern;
import java.util.regex.Matcher;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A static file server on loopback (the JDK's own HTTP server) for a rendered site and a folder of
 * blobs: folders answer with their index.html, files honour {@code Range: bytes=N-} as static hosts
 * do. It can cut the next blob download off part way or stall it, and records the blob requests.
 */
public final class SiteHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final Path root;
  public final AtomicLong blobBytesSent = new AtomicLong();
  private final AtomicLong cutNextBlobAt = new AtomicLong(-1);
  /** Serve whole files whatever Range asks, as some static hosts do. */
  public volatile boolean ignoreRanges;
  /** Blob requests that asked for a closed range (bytes=N-M). */
  public final AtomicLong closedRangeRequests = new AtomicLong();
  private final AtomicLong stallNextBlobAt = new AtomicLong(-1);
  private final CountDownLatch stallsEnd = new CountDownLatch(1);
  /** Answers stalled on purpose. */
  public final AtomicLong stallsMade = new AtomicLong();
  /** Answers cut off on purpose. */
  public final AtomicLong cutsMade = new AtomicLong();
  /**
   * The blob requests, in the order they came, each with the bytes it asked for: what the client
   * decided, which does not depend on how much of a cut-off answer reached it before the cut.
   */
  public final List<BlobRequest> blobRequests = new CopyOnWriteArrayList<>();

  /** A blob request: its first and last byte (inclusive), whole or as its Range asked. */
  public record BlobRequest(long from, long last) {}

  public SiteHttpServer(Path root) throws IOException {
    this.root = root;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    // Several requests at once, as a static host answers a pull's ranges side by side.
    server.setExecutor(Executors.newFixedThreadPool(8, runnable -> {
      Thread thread = new Thread(runnable, "site-http");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
  }

  private volatile CountDownLatch cutDelivered = new CountDownLatch(0);
  private volatile boolean othersWaitForCut;
  private volatile long cutLength;

  /**
   * The next blob answer longer than this stops after this many bytes, as a dropped connection
   * does, once {@code delivered} says the client has them: a connection that ends while they are
   * still on their way may take some of them along, as many as the scheduler lets it, and a test of
   * resuming needs to know where the client stands. With {@code othersWait}, every other blob answer
   * begins only then, so that the client's progress counts the cut answer's bytes alone.
   */
  public void cutNextBlobAt(long bytes, CountDownLatch delivered, boolean othersWait) {
    cutDelivered = delivered;
    othersWaitForCut = othersWait;
    cutLength = bytes;
    cutNextBlobAt.set(bytes);
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IOException("the client never read the bytes before the cut");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private volatile CountDownLatch stallDelivered = new CountDownLatch(0);

  /**
   * The next blob answer longer than this sends this many bytes, then nothing, until the server
   * closes; it stops sending once {@code delivered} says the client has them, so that the client's
   * patience runs out on a silent connection, not on bytes still on their way.
   */
  public void stallNextBlobAt(long bytes, CountDownLatch delivered) {
    stallDelivered = delivered;
    stallNextBlobAt.set(bytes);
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
      if (Files.isDirectory(file)) {
        file = file.resolve("index.html");
      }
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] content = Files.readAllBytes(file);
      int from = 0;
      int last = content.length - 1;
      boolean blob = file.getFileName().toString().endsWith(".sif");
      String range = exchange.getRequestHeaders().getFirst("Range");
      Matcher bytes = Pattern.compile("bytes=(\\d+)-(\\d*)")
          .matcher(range == null ? "" : range);
      if (bytes.matches() && !ignoreRanges) {
        from = Integer.parseInt(bytes.group(1));
        if (!bytes.group(2).isEmpty()) {
          last = Math.min(last, Integer.parseInt(bytes.group(2)));
          if (blob) {
            closedRangeRequests.incrementAndGet();
          }
        }
        exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + last + "/" + content.length);
        exchange.sendResponseHeaders(206, last - from + 1);
      } else {
        exchange.sendResponseHeaders(200, content.length);
      }
      if (blob) {
        blobRequests.add(new BlobRequest(from, last));
      }
      // The cut goes to the first blob answer long enough to be cut, once.
      long cut = blob ? cutNextBlobAt.get() : -1;
      boolean cutHere = cut >= 0 && from + cut < last + 1 && cutNextBlobAt.compareAndSet(cut, -1);
      int end = cutHere ? (int) (from + cut) : last + 1;
      if (cutHere) {
        cutsMade.incrementAndGet();
      } else if (blob && othersWaitForCut && last + 1 - from > cutLength) {
        await(cutDelivered);
      }
      if (blob) {
        blobBytesSent.addAndGet(end - from);
      }
      long stall = blob ? stallNextBlobAt.get() : -1;
      if (stall >= 0 && from + stall < end && stallNextBlobAt.compareAndSet(stall, -1)) {
        stallsMade.incrementAndGet();
        exchange.getResponseBody().write(content, from, (int) stall);
        exchange.getResponseBody().flush();
        blobBytesSent.addAndGet(stall - (end - from));
        await(stallDelivered);
        try {
          stallsEnd.await(60, TimeUnit.SECONDS); // a server that stops sending, until the test ends
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IOException("stalled on purpose");
      }
      OutputStream body = exchange.getResponseBody();
      body.write(content, from, end - from);
      body.flush();
      if (end < last + 1) {
        // Drop the connection with the answer unfinished, once the client holds what came before the cut.
        await(cutDelivered);
        throw new IOException("cut off on purpose");
      }
    }
  }

  @Override
  public void close() {
    stallsEnd.countDown();
    server.stop(0);
  }
}
