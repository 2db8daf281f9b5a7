package dev.skiff.builders.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.model.Digest;
import dev.skiff.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a Sylabs remote build service and its library, on loopback: the calls SingularityCE's
 * {@code build --remote} makes (POST v1/build, GET v1/build/{id}, PUT v1/build/{id}/_cancel, the
 * websocket v1/build-ws/{id}, GET v1/imagefile/...), with their shapes. A comment in the recipe
 * picks the outcome: "# stand-in: fail", "# stand-in: hang", "# stand-in: badsum"; otherwise the
 * build succeeds after two status polls with a real SIF image.
 */
final class SylabsBuildServiceStandIn implements AutoCloseable {
  static final String TOKEN = "stand-in-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "build-stand-in");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Build> builds = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  final List<String> cancelled = new CopyOnWriteArrayList<>();
  /** Opened once a client watches a build it submitted (its output or its status): it knows the build's id. */
  final java.util.concurrent.CountDownLatch watched = new java.util.concurrent.CountDownLatch(1);
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  volatile boolean garbage;
  private final byte[] image;

  private static final class Build {
    final String id;
    final String mode;
    final String libraryRef;
    final AtomicInteger polls = new AtomicInteger();

    Build(String id, String mode, String libraryRef) {
      this.id = id;
      this.mode = mode;
      this.libraryRef = libraryRef;
    }
  }

  SylabsBuildServiceStandIn(Path dir) throws Exception {
    image = TestImages.sif(dir.resolve("remote.sif"), "Bootstrap: docker\n", 1);
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.submit(this::accept);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
  }

  byte[] image() {
    return image.clone();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        pool.submit(() -> handle(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void handle(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      String method = requestLine[0];
      String path = URI.create(requestLine[1]).getPath();
      Map<String, String> headers = new java.util.HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
      }
      byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
      OutputStream out = socket.getOutputStream();
      String auth = headers.getOrDefault("authorization", "");
      authorizations.add(auth);
      if (!auth.equalsIgnoreCase("BEARER " + TOKEN)) {
        respond(out, 401, "application/json", "{\"error\":{\"code\":401,\"message\":\"Unauthorized\"}}".getBytes());
        return;
      }
      if ("websocket".equalsIgnoreCase(headers.get("upgrade")) && path.startsWith("/v1/build-ws/")) {
        watched.countDown();
        stream(in, out, headers.get("sec-websocket-key"), builds.get(path.substring("/v1/build-ws/".length())));
        return;
      }
      if (garbage) {
        respond(out, 200, "text/html", "<html>maintenance</html>".getBytes());
        return;
      }
      if (method.equals("POST") && path.equals("/v1/build")) {
        JsonNode request = JSON.readTree(body);
        String definition = new String(Base64.getDecoder().decode(request.path("definitionRaw").asText()),
            StandardCharsets.UTF_8);
        String mode = definition.contains("# stand-in: ") ? definition.replaceAll("(?s).*# stand-in: (\\w+).*", "$1") : "ok";
        Build build = new Build("b" + ids.incrementAndGet(), mode, request.path("libraryRef").asText());
        builds.put(build.id, build);
        respondJson(out, info(build, false));
      } else if (method.equals("GET") && path.startsWith("/v1/build/")) {
        Build build = builds.get(path.substring("/v1/build/".length()));
        watched.countDown();
        boolean complete = !build.mode.equals("hang") && build.polls.incrementAndGet() >= 2;
        respondJson(out, info(build, complete));
      } else if (method.equals("PUT") && path.endsWith("/_cancel")) {
        String id = path.substring("/v1/build/".length(), path.length() - "/_cancel".length());
        cancelled.add(id);
        respondJson(out, info(builds.get(id), true));
      } else if (method.equals("GET") && path.startsWith("/v1/imagefile/")) {
        respond(out, 200, "application/octet-stream", image);
      } else {
        respond(out, 404, "application/json", "{\"error\":{\"code\":404}}".getBytes());
      }
    } catch (IOException e) {
      // the client hung up
    }
  }

  private Map<String, Object> info(Build build, boolean complete) {
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("id", build.id);
    data.put("isComplete", complete);
    boolean built = complete && !build.mode.equals("fail") && !build.mode.equals("hang");
    data.put("imageSize", built ? image.length : 0);
    data.put("imageChecksum", built ? "sha256." + (build.mode.equals("badsum")
        ? Digest.sha256(new byte[] {1}).hex() : Digest.sha256(image).hex()) : "");
    data.put("libraryRef", build.libraryRef);
    data.put("libraryURL", url().toString());
    return Map.of("data", data);
  }

  /** The build's output over a websocket: a few text frames, then a close frame. */
  private void stream(InputStream in, OutputStream out, String key, Build build) throws IOException {
    String accept;
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      accept = Base64.getEncoder().encodeToString(sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
          .getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    List<String> output = build.mode.equals("fail")
        ? List.of("INFO:    Starting build...\n", "INFO:    Running post scriptlet\n",
            "FATAL:   While performing build: conveyor failed\n")
        : List.of("INFO:    Starting build...\n", "INFO:    Creating SIF file...\n", "INFO:    Build complete\n");
    for (String text : output) {
      byte[] payload = text.getBytes(StandardCharsets.UTF_8);
      out.write(new byte[] {(byte) 0x81, (byte) payload.length});
      out.write(payload);
    }
    out.write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8});
    out.flush();
    awaitClientClose(in);
  }

  /**
   * The closing handshake (RFC 6455, 5.5.1): the client answers the close frame with its own, and
   * only then does the server close the connection, so the client has read everything by then.
   */
  private static void awaitClientClose(InputStream in) throws IOException {
    DataInputStream frames = new DataInputStream(in);
    while (true) {
      int first = frames.read();
      if (first < 0 || (first & 0x0F) == 0x8) {
        return; // the client's close frame, or the client went away
      }
      int second = frames.readUnsignedByte();
      long length = second & 0x7F;
      if (length == 126) {
        length = frames.readUnsignedShort();
      } else if (length == 127) {
        length = frames.readLong();
      }
      frames.skipNBytes(((second & 0x80) != 0 ? 4 : 0) + length); // the mask, then the payload
    }
  }

  private static void respondJson(OutputStream out, Object value) throws IOException {
    respond(out, 200, "application/json", JSON.writeValueAsBytes(value));
  }

  private static void respond(OutputStream out, int status, String type, byte[] body) throws IOException {
    out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      byte[] bytes = head.toByteArray();
      int n = bytes.length;
      if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
        return new String(bytes, 0, n - 4, StandardCharsets.ISO_8859_1);
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
