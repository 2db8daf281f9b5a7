package dev.skiff.registry.verify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A loopback HTTPS server for blob checks, with a self-signed certificate made by the JDK's
 * keytool, and a plain HTTP twin for redirects to http. Paths pick a behaviour:
 * {@code /blobs/N} serves blob N (HEAD and ranges), {@code /html/N} with the wrong type,
 * {@code /nohead/N} refuses HEAD, {@code /flaky/N} fails twice with 503, {@code /reset/N} drops the
 * first connection without an answer, {@code /to-http/N} and
 * {@code /to-https/N} and {@code /to-localhost/N} redirect, {@code /stall/N} never answers in time;
 * {@code /oci/N} answers as GitHub Container Registry does a public blob: 401 with a Bearer
 * challenge whose realm is {@code /token/N} (an anonymous token), and with the token a HEAD is
 * served and a GET redirected to {@code https://localhost:PORT/cdn/N} (another origin), which serves
 * anyone and records the Authorization headers it is sent; {@code /oci-realm-at-localhost/N} names
 * a realm on localhost, {@code /oci-private/N} one that refuses anonymous readers;
 * for GET, {@code /endless/N} sends blob N and then zeros without end, {@code /drip/N} sends its
 * first bytes and then nothing more, {@code /pieces/N} sends its first 10 bytes apart from the rest (HEAD
 * answers as for {@code /blobs/N}); anything else is 404.
 */
final class BlobServer implements AutoCloseable {
  private static final String PASSWORD = "changeit";

  private final HttpsServer https;
  private final HttpServer http;
  private final SSLContext clientContext;
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  final AtomicInteger requests = new AtomicInteger();
  /** The token {@code /token/N} gives; a test that sees it elsewhere has found a leak. */
  static final String TOKEN = "anonymous-token-1";
  final AtomicInteger tokensIssued = new AtomicInteger();
  final java.util.List<String> authorizationsAtTheCdn = new java.util.concurrent.CopyOnWriteArrayList<>();

  BlobServer(Path dir) throws Exception {
    Path keystore = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
        "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keys.getKeyManagers(), null, null);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, trust.getTrustManagers(), null);

    https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    https.createContext("/", this::handle);
    https.setExecutor(Executors.newFixedThreadPool(32));
    https.start();
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", this::handle);
    http.start();
  }

  /** A context that trusts this server's certificate, for the client under test. */
  SSLContext clientContext() {
    return clientContext;
  }

  /** How often a fault path was asked for, such as {@code reset/a.sif}. */
  int hits(String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }

  void put(String name, byte[] content) {
    blobs.put(name, content);
  }

  URI https(String path) {
    return URI.create("https://127.0.0.1:" + https.getAddress().getPort() + path);
  }

  URI http(String path) {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      String[] parts = exchange.getRequestURI().getPath().split("/", 3);
      String kind = parts.length > 1 ? parts[1] : "";
      String name = parts.length > 2 ? parts[2] : "";
      byte[] blob = blobs.get(name);
      if (blob == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      switch (kind) {
        case "blobs" -> serve(exchange, blob, "application/octet-stream");
        case "html" -> serve(exchange, blob, "text/html; charset=utf-8");
        case "nohead" -> {
          if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(405, -1);
          } else {
            serve(exchange, blob, "application/octet-stream");
          }
        }
        case "flaky" -> {
          if (hits.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet() <= 2) {
            exchange.getResponseHeaders().set("Retry-After", "0");
            exchange.sendResponseHeaders(503, -1);
          } else {
            serve(exchange, blob, "application/octet-stream");
          }
        }
        case "reset" -> {
          // The first request's connection is dropped without an answer, as a restarting server
          // or a load balancer would; closing the exchange before any headers closes the socket.
          if (hits.computeIfAbsent("reset/" + name, n -> new AtomicInteger()).incrementAndGet() > 1) {
            serve(exchange, blob, "application/octet-stream");
          }
        }
        case "to-http" -> redirect(exchange, http("/blobs/" + name));
        case "to-https" -> redirect(exchange, https("/blobs/" + name));
        case "to-localhost" -> redirect(exchange, URI.create("https://localhost:" + https.getAddress().getPort()
            + "/blobs/" + name));
        case "stall" -> stallUntilClosed();
        case "oci", "oci-realm-at-localhost", "oci-private" -> {
          String realm = switch (kind) {
            case "oci" -> https("/token/" + name).toString();
            case "oci-private" -> https("/no-token/" + name).toString();
            default -> "https://localhost:" + https.getAddress().getPort() + "/token/" + name;
          };
          if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"blobs\","
                + "scope=\"repository:lab/" + name + ":pull\"");
            exchange.sendResponseHeaders(401, -1);
          } else if (exchange.getRequestMethod().equals("GET")) {
            redirect(exchange, URI.create("https://localhost:" + https.getAddress().getPort() + "/cdn/" + name));
          } else {
            serve(exchange, blob, "application/octet-stream");
          }
        }
        case "token" -> {
          if (exchange.getRequestHeaders().containsKey("Authorization")) {
            exchange.sendResponseHeaders(400, -1); // anonymous readers send no credentials
          } else {
            tokensIssued.incrementAndGet();
            byte[] answer = ("{\"token\":\"" + TOKEN + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
          }
        }
        case "no-token" -> exchange.sendResponseHeaders(401, -1);
        case "cdn" -> {
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          if (authorization != null) {
            authorizationsAtTheCdn.add(authorization);
          }
          serve(exchange, blob, "application/octet-stream");
        }
        case "endless", "drip", "pieces" -> {
          if (exchange.getRequestMethod().equals("GET")) {
            misbehave(exchange, kind, blob);
          } else {
            serve(exchange, blob, "application/octet-stream");
          }
        }
        default -> exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private static void serve(HttpExchange exchange, byte[] blob, String type) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
    String range = exchange.getRequestHeaders().getFirst("Range");
    int from = 0;
    int to = blob.length - 1;
    int status = 200;
    if (range != null && range.matches("bytes=\\d+-\\d+")) {
      String[] bounds = range.substring(6).split("-");
      from = Integer.parseInt(bounds[0]);
      to = Math.min(Integer.parseInt(bounds[1]), blob.length - 1);
      status = 206;
      exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + blob.length);
    }
    int length = to - from + 1;
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(blob, from, length);
    }
  }

  /** Answers a GET with the blob's headers and a body that is not what they promise, or not in one piece. */
  private void misbehave(HttpExchange exchange, String kind, byte[] blob) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(200, kind.equals("endless") ? 0 : blob.length);
    OutputStream out = exchange.getResponseBody();
    try {
      switch (kind) {
        case "endless" -> {
          out.write(blob);
          byte[] zeros = new byte[1 << 16];
          // Until the client hangs up (the write fails) or the server stops.
          while (closed.getCount() > 0) {
            out.write(zeros);
          }
        }
        case "drip" -> {
          out.write(blob, 0, 100);
          out.flush();
          stallUntilClosed();
        }
        default -> {
          // A first piece shorter than a SIF header, then the rest.
          out.write(blob, 0, 10);
          out.flush();
          out.write(blob, 10, blob.length - 10);
        }
      }
      out.close();
    } catch (IOException clientHungUp) {
      // What the endless body waits for.
    }
  }

  private static void redirect(HttpExchange exchange, URI target) throws IOException {
    exchange.getResponseHeaders().set("Location", target.toString());
    exchange.sendResponseHeaders(302, -1);
  }

  private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

  /** Answers nothing until the server closes: only a client's own deadline ends the wait. */
  private void stallUntilClosed() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed.countDown();
    https.stop(0);
    http.stop(0);
  }
}
