package dev.skiff.storage.oci;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.StorageException;
import dev.skiff.support.BearerChallenge;
import dev.skiff.support.ConnectionHeaders;
import dev.skiff.support.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Requests to a registry, signed in as registries ask (the distribution spec's auth): a request
 * answered 401 with {@code WWW-Authenticate: Bearer realm=...,service=...,scope=...} gets a token
 * from the realm (with the credentials as basic auth, or anonymously) and is sent again with it;
 * one answered with a {@code Basic} challenge is sent again with the credentials. Tokens are kept
 * per scope for the run. Redirects (a blob read sent to a CDN or a bucket's signed URL) are
 * followed here, not by the JDK's client, which on Java 17 sends the Authorization header on to
 * any host: a token or password goes to the registry's own origin only. Answers 429 and 5xx and
 * dropped connections are tried again as the shared {@link RetryPolicy} says.
 */
final class OciHttp {
  private static final int MAX_REDIRECTS = 5;

  private final HttpClient client;
  private final OciCredentials credentials;
  private final Duration timeout;
  private final Map<String, String> authorizations = new ConcurrentHashMap<>();
  private final RetryPolicy retry;

  /** @param client a client that does not follow redirects itself */
  OciHttp(HttpClient client, OciCredentials credentials, Duration timeout, RetryPolicy retry) {
    this.client = client;
    this.credentials = credentials;
    this.timeout = timeout;
    this.retry = retry;
  }

  /** Work that may be done again from its start, such as an upload in a new session. */
  @FunctionalInterface
  interface Attempt<T> {
    T run() throws SkiffException, IOException, InterruptedException;
  }

  /** A refusal inside a retried exchange, carried out of it unretried. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final SkiffException refusal;

    Refused(SkiffException refusal) {
      super(refusal.getMessage(), refusal, false, false);
      this.refusal = refusal;
    }
  }

  /** Runs an attempt, again from its start when the connection drops, within the retry policy. */
  <T> T retrying(Attempt<T> attempt) throws SkiffException, IOException, InterruptedException {
    return retrying(attempt, answer -> 200, answer -> HttpHeaders.of(Map.of(), (name, value) -> true));
  }

  private <T> T retrying(Attempt<T> attempt, ToIntFunction<T> status, Function<T, HttpHeaders> headers) throws SkiffException, IOException, InterruptedException {
    try {
      return retry.call(() -> {
        try {
          return attempt.run();
        } catch (SkiffException e) {
          throw new Refused(e);
        }
      }, status, headers);
    } catch (Refused e) {
      throw e.refusal;
    }
  }

  Duration timeout() {
    return timeout;
  }

  /**
   * Sends a request for a repository's {@code scope} ({@code repository:NAME:pull,push}, or several
   * separated by spaces), signing in when the registry asks, following a GET's or HEAD's redirects,
   * and trying again when the registry fails or the connection drops: for requests that may be sent
   * twice.
   */
  <T> HttpResponse<T> send(HttpRequest.Builder request, String scope, HttpResponse.BodyHandler<T> body)
      throws SkiffException, IOException, InterruptedException {
    return retrying(() -> sendOnce(request, scope, body), HttpResponse::statusCode, HttpResponse::headers);
  }

  /** As {@link #send}, but once: for a part of an upload, which only a new upload may repeat. */
  <T> HttpResponse<T> sendOnce(HttpRequest.Builder request, String scope, HttpResponse.BodyHandler<T> body)
      throws SkiffException, IOException, InterruptedException {
    HttpResponse<T> answer = signedIn(request, scope, body);
    if (RetryPolicy.retriable(answer.statusCode(), answer.headers())) {
      closeBody(answer); // about to be asked again, or reported by its status alone
    }
    return answer;
  }

  private <T> HttpResponse<T> signedIn(HttpRequest.Builder request, String scope, HttpResponse.BodyHandler<T> body)
      throws SkiffException, IOException, InterruptedException {
    String known = authorizations.get(scope);
    if (known != null) {
      request.setHeader("Authorization", known);
    }
    HttpResponse<T> response = follow(request.timeout(timeout).build(), body);
    if (response.statusCode() != 401) {
      return response;
    }
    List<String> challenges = response.headers().allValues("WWW-Authenticate");
    closeBody(response);
    String authorization = authorize(response.uri(), challenges, scope);
    authorizations.put(scope, authorization);
    request.setHeader("Authorization", authorization);
    HttpResponse<T> again = follow(request.build(), body);
    if (again.statusCode() == 401 || again.statusCode() == 403) {
      throw refused(response.uri(), scope, again.statusCode());
    }
    return again;
  }

  private StorageException refused(URI where, String scope, int status) {
    return new StorageException(where.getHost() + " refused " + (credentials.password().isPresent()
        ? "the credentials of " + credentials : "anonymous access") + " for " + scope + " (HTTP " + status
        + "); set " + OciCredentials.USERNAME + " and " + OciCredentials.PASSWORD + " to an account that may");
  }

  /** What a request sent past the JDK's client answered: where from, its status, headers and body text. */
  record Answer(URI uri, int status, HttpHeaders headers, String body) {}

  /**
   * PUTs bytes in one request, signed in as {@link #send} signs in, once: on {@link
   * HttpURLConnection}, which writes the caller's blocks straight to the socket, where the JDK's
   * HTTP client, cold in a fresh process, took 7 s over a GiB that HttpURLConnection sent in 4 (the
   * registry on loopback). Not redirected; not tried again (an upload's retry starts a new session).
   */
  Answer putOnce(URI url, String scope, UploadContent content, long from, long length)
      throws SkiffException, IOException, InterruptedException {
    String known = authorizations.get(scope);
    Answer answer = put(url, Optional.ofNullable(known), content, from, length);
    if (answer.status() != 401) {
      return answer;
    }
    String authorization = authorize(answer.uri(), answer.headers().allValues("WWW-Authenticate"), scope);
    authorizations.put(scope, authorization);
    Answer again = put(url, Optional.of(authorization), content, from, length);
    if (again.status() == 401 || again.status() == 403) {
      throw refused(url, scope, again.status());
    }
    return again;
  }

  private Answer put(URI url, Optional<String> authorization, UploadContent content, long from, long length)
      throws IOException, InterruptedException {
    HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
    try {
      connection.setInstanceFollowRedirects(false);
      connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      connection.setRequestMethod("PUT");
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(length);
      connection.setRequestProperty("Content-Type", "application/octet-stream");
      connection.setRequestProperty("User-Agent", "skiff");
      authorization.ifPresent(value -> connection.setRequestProperty("Authorization", value));
      try (OutputStream out = connection.getOutputStream()) {
        content.writeTo(out, from, length);
      } catch (InterruptedIOException e) {
        throw new InterruptedException("interrupted while sending " + url.getHost() + " an upload");
      }
      int status = connection.getResponseCode();
      InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      String body = "";
      if (stream != null) {
        try (stream) {
          body = new String(stream.readNBytes(MAX_ANSWER_TEXT), StandardCharsets.UTF_8);
        }
      }
      return new Answer(url, status, ConnectionHeaders.of(connection), body);
    } finally {
      connection.disconnect();
    }
  }

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  /** More than a registry's answer to an upload says; the rest is not read. */
  private static final int MAX_ANSWER_TEXT = 64 * 1024;

  /** Sends a request, and a GET or HEAD again where a redirect points, with no Authorization past the first origin. */
  private <T> HttpResponse<T> follow(HttpRequest request, HttpResponse.BodyHandler<T> body)
      throws StorageException, IOException, InterruptedException {
    HttpRequest current = request;
    for (int redirects = 0; ; redirects++) {
      HttpResponse<T> response = client.send(current, body);
      Optional<String> location = response.headers().firstValue("Location");
      boolean redirect = List.of(301, 302, 303, 307, 308).contains(response.statusCode());
      if (!redirect || location.isEmpty() || !(current.method().equals("GET") || current.method().equals("HEAD"))) {
        return response;
      }
      closeBody(response);
      URI next;
      try {
        next = current.uri().resolve(location.get());
      } catch (IllegalArgumentException e) {
        throw new StorageException(request.uri().getHost() + " redirects to a Location that is no URL");
      }
      if (!next.getScheme().equalsIgnoreCase("https") && !request.uri().getScheme().equalsIgnoreCase("http")) {
        throw new StorageException(request.uri().getHost() + " redirects to a URL that is not https: " + next.getHost());
      }
      if (redirects == MAX_REDIRECTS) {
        throw new StorageException(request.uri().getHost() + " redirects more than " + MAX_REDIRECTS + " times");
      }
      boolean sameOrigin = BearerChallenge.sameOrigin(request.uri(), next);
      current = HttpRequest.newBuilder(current, (name, value) -> sameOrigin || !name.equalsIgnoreCase("Authorization"))
          .uri(next).build();
    }
  }

  private static void closeBody(HttpResponse<?> response) throws IOException {
    if (response.body() instanceof InputStream stream) {
      stream.close();
    }
  }

  private String authorize(URI where, List<String> challenges, String scope) throws SkiffException, IOException,
      InterruptedException {
    Optional<BearerChallenge> bearer;
    try {
      bearer = BearerChallenge.in(challenges, where);
    } catch (BearerChallenge.Unusable e) {
      throw new StorageException(e.getMessage());
    }
    if (bearer.isEmpty()) {
      String scheme = challenges.isEmpty() ? "" : challenges.get(0).strip().split("\\s+", 2)[0];
      if (scheme.equalsIgnoreCase("Basic")) {
        return credentials.basic().orElseThrow(() -> new StorageException(where.getHost() + " asks for a user name"
            + " and password; set " + OciCredentials.USERNAME + " and " + OciCredentials.PASSWORD));
      }
      throw new StorageException(where.getHost() + " answered 401 without a challenge Skiff knows ('"
          + scheme.replaceAll("[^\\w-]", "") + "')");
    }
    HttpRequest.Builder token = HttpRequest.newBuilder(bearer.get().tokenUrl(List.of(scope.split(" ")))).timeout(timeout).GET();
    credentials.basic().ifPresent(basic -> token.header("Authorization", basic));
    HttpResponse<String> answer = client.send(token.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new StorageException("the token service of " + where.getHost() + " answered " + answer.statusCode() + " for "
          + scope + (credentials.password().isPresent() ? " with the credentials of " + credentials : " anonymously"));
    }
    try {
      return "Bearer " + BearerChallenge.tokenIn(JSON.std.mapFrom(answer.body())).orElseThrow(() ->
          new StorageException("the token service of " + where.getHost() + " answered no token"));
    } catch (IOException e) {
      throw new StorageException("the token service of " + where.getHost() + " did not answer JSON");
    }
  }
}
