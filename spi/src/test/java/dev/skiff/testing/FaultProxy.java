package dev.skiff.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 proxy on loopback in front of the real server, which injects faults request by
 * request: an error status (503, 429, 403 ... with S3's XML error body or a JSON API's), a connection reset, a
 * stall, or a corrupted byte in the request body. Every request goes over a connection of its own
 * (the proxy answers with {@code Connection: close}), so that faults hit requests, not connections.
 */
public final class FaultProxy implements AutoCloseable {

  /** What to do with one request. */
  public record Fault(Kind kind, int status, String headers, String contentType, String body) {
    public enum Kind { PASS, STATUS, RESET, STALL, CORRUPT }

    /** Lets one request through untouched. */
    public static Fault pass() {
      return new Fault(Kind.PASS, 0, "", "", "");
    }

    /** An S3 error: its status, code and XML body. */
    public static Fault status(int status, String code, String extraHeaders) {
      return new Fault(Kind.STATUS, status, extraHeaders, "application/xml", "<?xml version=\"1.0\""
          + " encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>injected by the test</Message>"
          + "<RequestId>test</RequestId></Error>");
    }

    /** A Google JSON API error, as Cloud Storage answers. */
    public static Fault json(int status, String extraHeaders) {
      return new Fault(Kind.STATUS, status, extraHeaders, "application/json; charset=UTF-8", "{\"error\":{\"code\":"
          + status + ",\"message\":\"injected by the test\",\"errors\":[{\"message\":\"injected by the test\"}]}}");
    }

    public static Fault reset() {
      return new Fault(Kind.RESET, 0, "", "", "");
    }

    public static Fault stall() {
      return new Fault(Kind.STALL, 0, "", "", "");
    }

    /** Flips a byte of the next request that has a body; requests without one pass. */
    public static Fault corrupt() {
      return new Fault(Kind.CORRUPT, 0, "", "", "");
    }
  }

  private final ServerSocket server;
  private final int target;
  private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  public final AtomicInteger requests = new AtomicInteger();
  public final AtomicInteger injected = new AtomicInteger();

  public FaultProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.submit(this::acceptLoop);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Faults for the next requests, in order; requests after them pass. */
  public void inject(Fault... next) {
    faults.addAll(java.util.List.of(next));
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pool.submit(() -> handle(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      byte[] head = readHead(in);
      if (head == null) {
        return;
      }
      requests.incrementAndGet();
      String headText = new String(head, StandardCharsets.ISO_8859_1);
      long length = contentLength(headText);
      Fault fault = faults.peekFirst();
      if (fault != null && (fault.kind() != Fault.Kind.CORRUPT || length > 0)) {
        faults.pollFirst();
        injected.incrementAndGet();
      } else {
        fault = null;
      }
      if (fault != null && fault.kind() == Fault.Kind.RESET) {
        client.setSoLinger(true, 0);
        return;
      }
      if (fault != null && fault.kind() == Fault.Kind.STALL) {
        Thread.sleep(60_000);
        return;
      }
      if (headText.toLowerCase(Locale.ROOT).contains("\r\nexpect: 100-continue")) {
        // The client waits for this before it sends the body; the proxy reads the body first.
        client.getOutputStream().write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        client.getOutputStream().flush();
      }
      if (fault != null && fault.kind() == Fault.Kind.STATUS) {
        // Like a server that answers once it has the whole request: a client still sending its
        // body would see a broken connection, not the status.
        in.skipNBytes(length);
        byte[] body = headText.startsWith("HEAD ") ? new byte[0] : fault.body().getBytes(StandardCharsets.UTF_8);
        String response = "HTTP/1.1 " + fault.status() + " Injected\r\nContent-Type: " + fault.contentType() + "\r\n"
            + "Content-Length: " + (headText.startsWith("HEAD ") ? 0 : body.length) + "\r\nConnection: close\r\n"
            + fault.headers() + "\r\n";
        OutputStream out = client.getOutputStream();
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        return;
      }
      forward(client, headText, in, length, fault != null && fault.kind() == Fault.Kind.CORRUPT);
    } catch (IOException | InterruptedException e) {
      // The client hung up, or the test ended: nothing to report.
    }
  }

  private void forward(Socket client, String head, InputStream in, long length, boolean corrupt) throws IOException {
    try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
      OutputStream up = upstream.getOutputStream();
      up.write(withConnectionClose(head).getBytes(StandardCharsets.ISO_8859_1));
      if (head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked")) {
        // A streamed body of unknown length: relay it as it comes, until the server has answered.
        pool.submit(() -> {
          try {
            in.transferTo(up);
          } catch (IOException ignored) {
            // the exchange ended
          }
        });
      }
      byte[] buffer = new byte[1 << 16];
      long left = length;
      boolean flipped = false;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          break;
        }
        if (corrupt && !flipped) {
          buffer[n / 2] ^= 0x01;
          flipped = true;
        }
        up.write(buffer, 0, n);
        left -= n;
      }
      up.flush();
      upstream.getInputStream().transferTo(client.getOutputStream());
      client.getOutputStream().flush();
    }
  }

  private static String withConnectionClose(String head) {
    StringBuilder out = new StringBuilder();
    for (String line : head.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (!lower.startsWith("connection:") && !lower.startsWith("expect:")) {
        out.append(line).append("\r\n");
      }
    }
    return out.append("Connection: close\r\n\r\n").toString();
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(line.substring(15).trim());
      }
    }
    return 0;
  }

  /** The request line and headers, up to the blank line; null when the client closed first. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        byte[] bytes = head.toByteArray();
        return java.util.Arrays.copyOf(bytes, bytes.length - 2); // keep one CRLF: the caller adds headers
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }
}
