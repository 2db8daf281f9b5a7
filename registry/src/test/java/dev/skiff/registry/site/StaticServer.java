package dev.skiff.registry.site;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nginx from Debian serving a folder on loopback, as a static host serves a rendered site: its own
 * configuration, logs and temporary files in a folder of the test's, no daemon, stopped with the test.
 */
public final class StaticServer implements AutoCloseable {
  private static final Pattern LOGGED = Pattern.compile(
      "(\\S+) (\\S+) (\\d+) (\\d+) (\\d+) \"([^\"]*)\" \"\\S+ (\\S+) [^\"]*\"");

  private final Process process;
  private final int port;
  private final Path log;
  private int marks;

  private StaticServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * A request as nginx logged it when it ended: when it started and ended (seconds since the epoch),
   * its connection's serial number (connections are numbered in the order they were accepted), its
   * status, the body bytes sent, the {@code Range} header ({@code -} when none) and the path.
   */
  public record Logged(double started, double ended, long connection, int status, long sent, String range,
      String path) {}

  /** The requests logged so far. */
  public List<Logged> logged() throws IOException {
    List<Logged> requests = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      Matcher matcher = LOGGED.matcher(line);
      if (matcher.matches()) {
        double ended = Double.parseDouble(matcher.group(1));
        requests.add(new Logged(ended - Double.parseDouble(matcher.group(2)), ended, Long.parseLong(matcher.group(3)),
            Integer.parseInt(matcher.group(4)), Long.parseLong(matcher.group(5)), matcher.group(6), matcher.group(7)));
      }
    }
    return requests;
  }

  /**
   * Makes a request on a connection of its own and waits until nginx logged it; returns its
   * connection's serial number. Connections of clients started after a mark have higher numbers
   * than the mark's, and those of clients that ended before it lower ones, however late nginx logs
   * their requests.
   */
  public long mark() throws IOException, InterruptedException {
    String path = "/.mark-" + (++marks);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getInputStream().readAllBytes();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (Logged request : logged()) {
        if (request.path().equals(path)) {
          return request.connection();
        }
      }
      process.waitFor(10, TimeUnit.MILLISECONDS); // nginx writes the line as the request ends
    }
    throw new IllegalStateException("nginx did not log " + path);
  }

  public static StaticServer serve(Path site, Path work) throws Exception {
    return serve(site, work, "");
  }

  /**
   * A site served at the host's root as OCI clients need it: manifests under {@code v2/} with the
   * OCI type, blobs under {@code /storage/} from the storage folder, and {@code v2/.../blobs/}
   * mapped to them, as a host's rewrite or CDN rule would.
   */
  public static StaticServer serveForOci(Path site, Path work, Path storage) throws Exception {
    return serve(site, work, """
        location ^~ /storage/ { alias %1$s/; }
        location ~ "^/v2/([^/]+/[^/]+)/blobs/sha256:([0-9a-f]{64})$" { try_files $uri /storage/$1/$2.sif; }
        location ~ "^/v2/.+/manifests/" { types { } default_type application/vnd.oci.image.manifest.v1+json; }
        """.formatted(storage));
  }

  /** @param locations more nginx {@code location} blocks for the server, such as a folder of blobs */
  public static StaticServer serve(Path site, Path work, String locations) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/sbin/nginx"))) {
      throw new IllegalStateException("nginx is not installed (Debian: nginx-light); bin/test installs it");
    }
    Files.createDirectories(work.resolve("logs"));
    for (int attempt = 1; ; attempt++) {
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
      Files.writeString(work.resolve("nginx.conf"), """
          daemon off;
          master_process off;
          worker_processes 1;
          pid %1$s/nginx.pid;
          error_log %1$s/logs/error.log;
          events { worker_connections 64; }
          http {
            include /etc/nginx/mime.types;
            default_type application/octet-stream;
            # When each request ended and how long it took, its connection's serial number, its status,
            # the body bytes sent, the range asked and the request line.
            log_format skiff '$msec $request_time $connection $status $body_bytes_sent "$http_range" "$request"';
            access_log %1$s/logs/access.log skiff;
            client_body_temp_path %1$s/body;
            proxy_temp_path %1$s/proxy;
            fastcgi_temp_path %1$s/fastcgi;
            uwsgi_temp_path %1$s/uwsgi;
            scgi_temp_path %1$s/scgi;
            server {
              listen 127.0.0.1:%2$d;
              root %3$s;
              index index.html;
              %4$s
            }
          }
          """.formatted(work, port, site, locations));
      Process process = new ProcessBuilder("/usr/sbin/nginx", "-p", work.toString(), "-e",
          work.resolve("logs/error.log").toString(), "-c", work.resolve("nginx.conf").toString())
          .redirectErrorStream(true).redirectOutput(work.resolve("logs/stdout.log").toFile()).start();
      if (accepts(process, port, Duration.ofSeconds(20))) {
        return new StaticServer(process, port, work.resolve("logs/access.log"));
      }
      process.destroy();
      process.waitFor();
      if (attempt == 3) {
        throw new IllegalStateException("nginx did not start: " + Files.readString(work.resolve("logs/error.log")));
      }
    }
  }

  /** Waits until nginx takes connections on the port, or has exited (another process took the port). */
  private static boolean accepts(Process process, int port, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return true;
      } catch (IOException e) {
        if (!process.isAlive()) {
          return false;
        }
        Thread.onSpinWait();
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
    return false;
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + port + "/" + path);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
