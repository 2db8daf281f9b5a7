package dev.skiff.builders.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.model.Digest;
import dev.skiff.spi.Log;
import dev.skiff.spi.ProgressListener;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The calls of a Sylabs-compatible remote build service and its library: submit a build, read its
 * status, stream its output over a websocket, cancel it, and download the image it pushed. The
 * token travels in the Authorization header only, never in a message.
 */
final class RemoteBuildClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  private final URI service;
  private final URI library;
  private final String token;
  private final HttpClient http;

  RemoteBuildClient(URI service, URI library, String token) {
    this.service = service;
    this.library = library;
    this.token = token;
    this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(30)).build();
  }

  BuildInfo submit(String definition, String libraryRef, String arch) throws SkiffException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("definitionRaw", Base64.getEncoder().encodeToString(definition.getBytes(StandardCharsets.UTF_8)));
    body.put("libraryRef", libraryRef);
    body.put("libraryURL", library.toString());
    body.put("builderRequirements", Map.of("arch", arch));
    try {
      return info(send(request(service.resolve("v1/build"))
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
          .header("Content-Type", "application/json"), "submitting the build"), "submitting the build");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  BuildInfo status(String id) throws SkiffException, InterruptedException {
    return info(send(request(service.resolve("v1/build/" + id)).GET(), "reading the build's status"),
        "reading the build's status");
  }

  void cancel(String id) throws SkiffException, InterruptedException {
    send(request(service.resolve("v1/build/" + id + "/_cancel")).PUT(HttpRequest.BodyPublishers.noBody()),
        "cancelling the build");
  }

  /** Streams the build's output, line by line, until the service closes the stream. */
  CompletableFuture<Void> stream(String id, Log log) {
    URI ws = URI.create(service.toString().replaceFirst("^http", "ws")).resolve("v1/build-ws/" + id);
    CompletableFuture<Void> closed = new CompletableFuture<>();
    StringBuilder partial = new StringBuilder();
    WebSocket.Listener listener = new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        synchronized (partial) {
          partial.append(data);
          int newline;
          while ((newline = partial.indexOf("\n")) >= 0) {
            log.line(partial.substring(0, newline).stripTrailing());
            partial.delete(0, newline + 1);
          }
        }
        socket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
        synchronized (partial) {
          if (partial.length() > 0) {
            log.line(partial.toString());
          }
        }
        closed.complete(null);
        return null;
      }

      @Override
      public void onError(WebSocket socket, Throwable error) {
        closed.complete(null); // the status poll decides how the build ended
      }
    };
    http.newWebSocketBuilder().header("Authorization", "BEARER " + token).buildAsync(ws, listener)
        .whenComplete((socket, error) -> {
          if (error != null) {
            log.line("(the build's output stream is not available: " + error.getClass().getSimpleName() + ")");
            closed.complete(null);
          }
        });
    return closed;
  }

  /** Downloads the image the build pushed, and checks its sha256 against the build's. */
  void download(String libraryRef, String arch, Digest expected, Path target, ProgressListener progress)
      throws SkiffException, IOException, InterruptedException {
    String path = libraryRef.replaceFirst("^library://", "");
    URI url = library.resolve("v1/imagefile/" + path + "?arch=" + arch);
    HttpResponse<InputStream> response = http.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      response.body().close();
      throw new SkiffException("library " + library + ": downloading " + libraryRef + " answered " + response.statusCode());
    }
    long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    MessageDigest sha256 = Digest.newSha256();
    try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(target)) {
      byte[] buffer = new byte[1 << 16];
      long done = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        sha256.update(buffer, 0, n);
        done += n;
        progress.progress(done, total);
      }
    }
    Digest actual = Digest.of(sha256.digest());
    if (!actual.equals(expected)) {
      Files.deleteIfExists(target);
      throw new SkiffException("library " + library + ": the image of " + libraryRef + " has " + actual
          + ", but the build reported " + expected);
    }
  }

  private HttpRequest.Builder request(URI url) {
    return HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).header("Authorization", "BEARER " + token)
        .header("Accept", "application/json");
  }

  private String send(HttpRequest.Builder request, String doing) throws SkiffException, InterruptedException {
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SkiffException("build service " + service + ": " + doing + " failed: cannot reach it ("
          + e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")", e);
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw new SkiffException("build service " + service + ": the token was refused (" + status + ") "
          + doing + "; check SKIFF_BUILDER_REMOTE_TOKEN");
    }
    if (status / 100 != 2) {
      throw new SkiffException("build service " + service + ": " + doing + " answered " + status + ": "
          + abbreviate(response.body()));
    }
    return response.body();
  }

  private BuildInfo info(String body, String doing) throws SkiffException {
    try {
      BuildInfo.Envelope envelope = JSON.readValue(body, BuildInfo.Envelope.class);
      if (envelope == null || envelope.data() == null || envelope.data().id() == null) {
        throw new SkiffException("build service " + service + ": " + doing + " answered no build: " + abbreviate(body));
      }
      return envelope.data();
    } catch (JsonProcessingException e) {
      throw new SkiffException("build service " + service + ": " + doing + " answered something that is not a build"
          + " service's JSON: " + abbreviate(body));
    }
  }

  private static String abbreviate(String text) {
    return IoMessages.oneLine(text, 120);
  }
}
