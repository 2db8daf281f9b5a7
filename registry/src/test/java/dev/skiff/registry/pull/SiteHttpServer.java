package dev.skiff.registry.pull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A static file server on loopback (the JDK's own HTTP server) for a rendered site and a folder of
 * blobs: folders answer with their index.html, files honour {@code Range: bytes=N-} as static hosts
 * do. It can cut the next blob download off part way, and counts the blob bytes it sent.
 */
public final class SiteHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final Path root;
  public final AtomicLong blobBytesSent = new AtomicLong();
  private volatile long cutNextBlobAt = -1;

  public SiteHttpServer(Path root) throws IOException {
    this.root = root;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
  }

  /** The next blob answer stops after this many bytes, as a dropped connection does. */
  public void cutNextBlobAt(long bytes) {
    cutNextBlobAt = bytes;
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
      String range = exchange.getRequestHeaders().getFirst("Range");
      if (range != null && range.matches("bytes=\\d+-")) {
        from = Integer.parseInt(range.substring(6, range.length() - 1));
        exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/"
            + content.length);
        exchange.sendResponseHeaders(206, content.length - from);
      } else {
        exchange.sendResponseHeaders(200, content.length);
      }
      boolean blob = file.getFileName().toString().endsWith(".sif");
      long cut = blob ? cutNextBlobAt : -1;
      int end = cut >= 0 ? (int) Math.min(content.length, from + cut) : content.length;
      if (blob) {
        cutNextBlobAt = -1;
        blobBytesSent.addAndGet(end - from);
      }
      OutputStream body = exchange.getResponseBody();
      body.write(content, from, end - from);
      body.flush();
      if (end < content.length) {
        // Drop the connection with the answer unfinished.
        throw new IOException("cut off on purpose");
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
