package dev.skiff.storage.oci;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a registry's token service, written from the distribution spec's token
 * authentication: in front of a real registry (docker-registry, open), a request without a token
 * for its repository and action is answered 401 with {@code WWW-Authenticate: Bearer realm, service,
 * scope}; {@code GET /token} gives a token for the scope asked (pull anonymously, push and delete
 * only with the right basic credentials); requests with a token are passed to the registry, but for
 * a blob's GET, which is redirected to a storage host of another origin (as GitHub Container
 * Registry, ECR and S3-backed registries send blob reads to a CDN or a bucket's signed URL). The
 * storage host serves the blob to anyone with the signed URL and records every Authorization header
 * it is sent: a registry's token or password has no business there.
 */
public final class TokenAuthStandIn implements AutoCloseable {
  public static final String USER = "robot";
  public static final String PASSWORD = "token-please";

  private final HttpServer server;
  private final HttpServer storage;
  /** Authorization headers that reached the storage host: none, if clients keep them to the registry. */
  public final List<String> authorizationsSentToStorage = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Signed blob paths the storage host serves, to the registry path it reads them from. */
  private final Map<String, String> signed = new ConcurrentHashMap<>();
  private final URI upstream;
  private final HttpClient client = HttpClient.newHttpClient();
  /** Token to the actions it grants, per repository. */
  private final Map<String, Map<String, Set<String>>> tokens = new ConcurrentHashMap<>();
  public final AtomicInteger tokensIssued = new AtomicInteger();
  /** The request bytes passed to the registry: what clients sent. */
  public final java.util.concurrent.atomic.AtomicLong bytesReceived = new java.util.concurrent.atomic.AtomicLong();
  /** How many of the next registry requests (past auth) answer 503, as a registry under load does. */
  public final AtomicInteger failNext = new AtomicInteger();
  /** Whether the next upload of bytes is cut off before any answer, as a dropped connection is. */
  public volatile boolean dropNextUpload;
  /** Whether anyone may pull (public images), or only the signed-in user (private ones). */
  public volatile boolean anonymousPull = true;

  public TokenAuthStandIn(String upstreamAddress) throws IOException {
    this.upstream = URI.create("http://" + upstreamAddress);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/token", this::token);
    server.createContext("/v2/", this::proxy);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    storage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    storage.createContext("/", this::serveSigned);
    storage.setExecutor(Executors.newFixedThreadPool(4));
    storage.start();
  }

  /** The registry's HOST:PORT. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Serves a blob the registry redirected a reader to, ranges included, to whoever has the signed URL. */
  private void serveSigned(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null) {
      authorizationsSentToStorage.add(authorization);
    }
    String path = signed.get(exchange.getRequestURI().toString());
    if (path == null) {
      try (exchange) {
        send(exchange, 403, "{\"error\":\"not a signed URL\"}");
      }
      return;
    }
    forward(exchange, path);
  }

  private void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      boolean signedIn = ("Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
          .getBytes(StandardCharsets.UTF_8))).equals(authorization);
      if (authorization != null && !signedIn) {
        send(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
        return;
      }
      // One token may cover several scopes (a mount pulls from one repository and pushes to another).
      Map<String, Set<String>> granted = new ConcurrentHashMap<>();
      for (String pair : query.split("&")) {
        if (!pair.startsWith("scope=")) {
          continue;
        }
        String scope = java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
        String[] parts = scope.split(":");
        if (parts.length == 3 && parts[0].equals("repository")) {
          Set<String> actions = granted.computeIfAbsent(parts[1], r -> ConcurrentHashMap.newKeySet());
          for (String action : parts[2].split(",")) {
            if ((action.equals("pull") && anonymousPull) || signedIn) {
              actions.add(action);
            }
          }
        } else if (signedIn && scope.equals("registry:catalog:*")) {
          granted.put("*catalog*", Set.of("*"));
        }
      }
      String token = UUID.randomUUID().toString();
      tokens.put(token, granted);
      tokensIssued.incrementAndGet();
      send(exchange, 200, "{\"token\":\"" + token + "\",\"expires_in\":300}");
    }
  }

  private void proxy(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String method = exchange.getRequestMethod();
    String repository = repositoryOf(path);
    String action = method.equals("GET") || method.equals("HEAD") ? "pull" : method.equals("DELETE") ? "delete" : "push";
    String scope = repository.equals("*catalog*") ? "registry:catalog:*" : "repository:" + repository + ":" + action;
    if (!path.equals("/v2/") && !allowed(exchange.getRequestHeaders().getFirst("Authorization"), repository, action)) {
      try (exchange) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + address() + "/token\","
            + "service=\"stand-in\",scope=\"" + scope + "\"");
        send(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
      }
      return;
    }
    if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      try (exchange) {
        send(exchange, 503, "{\"errors\":[{\"code\":\"UNAVAILABLE\"}]}");
      }
      return;
    }
    if (dropNextUpload && (method.equals("PUT") || method.equals("PATCH")) && path.contains("/blobs/uploads/")
        && exchange.getRequestHeaders().getFirst("Content-Length") != null
        && !exchange.getRequestHeaders().getFirst("Content-Length").equals("0")) {
      dropNextUpload = false;
      exchange.close(); // before any answer: the connection closes
      return;
    }
    if (method.equals("GET") && path.contains("/blobs/sha256:")) {
      try (exchange) {
        String where = "/blobs/" + UUID.randomUUID() + "?X-Signature=" + UUID.randomUUID();
        signed.put(where, exchange.getRequestURI().toString());
        exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + storage.getAddress().getPort() + where);
        exchange.sendResponseHeaders(307, -1);
      }
      return;
    }
    String target = exchange.getRequestURI().toString();
    String from = mountedFrom(exchange.getRequestURI().getRawQuery());
    if (from != null && !allowed(exchange.getRequestHeaders().getFirst("Authorization"), from, "pull")) {
      // As a registry does when the token may not read the source: a plain upload instead of the mount.
      target = exchange.getRequestURI().getRawPath();
    }
    forward(exchange, target);
  }

  /** The repository a mount request names in {@code from=}, or null. */
  private static String mountedFrom(String query) {
    for (String pair : query == null ? new String[0] : query.split("&")) {
      if (pair.startsWith("from=")) {
        return java.net.URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Passes a request to the registry, and its answer back. */
  private void forward(HttpExchange exchange, String target) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      HttpRequest.Builder forward = HttpRequest.newBuilder(upstream.resolve(target));
      for (String header : List.of("Content-Type", "Content-Range", "Range", "Accept")) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
          forward.header(header, value);
        }
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      bytesReceived.addAndGet(body.length);
      forward.method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(body));
      HttpResponse<InputStream> answer;
      try {
        answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      for (String header : List.of("Content-Type", "Content-Length", "Docker-Content-Digest", "Range", "Content-Range",
          "Link", "Docker-Upload-UUID")) {
        answer.headers().firstValue(header).ifPresent(v -> exchange.getResponseHeaders().set(header, v));
      }
      answer.headers().firstValue("Location").ifPresent(location -> exchange.getResponseHeaders().set("Location",
          location.replace(upstream.getAuthority(), address())));
      try (InputStream in = answer.body()) {
        byte[] bytes = in.readAllBytes();
        if (method.equals("HEAD") || bytes.length == 0) {
          exchange.sendResponseHeaders(answer.statusCode(), -1);
        } else {
          exchange.getResponseHeaders().remove("Content-Length");
          exchange.sendResponseHeaders(answer.statusCode(), bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        }
      }
    }
  }

  private boolean allowed(String authorization, String repository, String action) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    Map<String, Set<String>> granted = tokens.get(authorization.substring("Bearer ".length()));
    return granted != null && granted.getOrDefault(repository, Set.of()).stream()
        .anyMatch(a -> a.equals(action) || a.equals("*"));
  }

  /** The repository a /v2/ path names: everything before /blobs/, /manifests/ or /tags/. */
  private static String repositoryOf(String path) {
    if (path.startsWith("/v2/_catalog")) {
      return "*catalog*";
    }
    String rest = path.substring("/v2/".length());
    for (String marker : List.of("/blobs/", "/manifests/", "/tags/")) {
      int at = rest.indexOf(marker);
      if (at > 0) {
        return rest.substring(0, at);
      }
    }
    return rest;
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    storage.stop(0);
  }
}
