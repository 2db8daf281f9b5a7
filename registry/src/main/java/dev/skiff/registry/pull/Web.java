package dev.skiff.registry.pull;

import dev.skiff.registry.oci.AnonymousTokens;
import dev.skiff.support.ConnectionHeaders;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * GET requests for {@code skiff pull}, on the JDK's {@link HttpURLConnection}: it reads a body
 * straight from the socket into the caller's buffer, where {@code java.net.http.HttpClient} takes
 * a fresh buffer for every read (a 1 GiB pull ran at a fifth of the speed in twice the memory),
 * and it needs no TLS set-up for a plain-http site. Redirects are followed here, as static hosts
 * and buckets send them, from http to https too, but never from https down to http. A registry's
 * token goes only to the origin that gave it, never on with a redirect to a CDN.
 */
final class Web {
  private static final Duration CONNECT = Duration.ofSeconds(30);
  private static final int MAX_REDIRECTS = 10;

  private Web() {}

  /** An answer: its status and headers, and its body when the status is 200 or 206. */
  record Response(URI url, int status, HttpHeaders headers, InputStream body, HttpURLConnection connection)
      implements Closeable {
    Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    @Override
    public void close() {
      connection.disconnect();
    }
  }

  /**
   * @param range the {@code Range} header's value, or empty
   * @param patience how long a read may wait for a byte
   * @param abort told how to cut the request off from another thread, before it is sent
   */
  static Response get(URI url, Optional<String> range, Duration patience, Consumer<Closeable> abort)
      throws IOException {
    return get(url, range, Optional.empty(), patience, abort);
  }

  /** As {@link #get(URI, Optional, Duration, Consumer)}, with a registry's token where it may go. */
  static Response get(URI url, Optional<String> range, Optional<AnonymousTokens.Token> token, Duration patience,
      Consumer<Closeable> abort) throws IOException {
    URI at = url;
    for (int redirects = 0; ; redirects++) {
      HttpURLConnection connection = (HttpURLConnection) at.toURL().openConnection();
      abort.accept(connection::disconnect);
      connection.setInstanceFollowRedirects(false);
      connection.setConnectTimeout((int) CONNECT.toMillis());
      connection.setReadTimeout((int) patience.toMillis());
      connection.setRequestProperty("User-Agent", "skiff");
      range.ifPresent(value -> connection.setRequestProperty("Range", value));
      URI here = at;
      token.filter(t -> t.mayGoTo(here)).ifPresent(t -> connection.setRequestProperty("Authorization", t.header()));
      int status = connection.getResponseCode();
      HttpHeaders headers = ConnectionHeaders.of(connection);
      Optional<String> location = headers.firstValue("Location");
      if (status / 100 == 3 && status != 304 && location.isPresent()) {
        connection.disconnect();
        URI next = at.resolve(location.get());
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || (scheme.equals("http") && !at.getScheme().equalsIgnoreCase("https")))) {
          throw new IOException(at + " redirects to " + next + ", which skiff pull does not follow (https only goes"
              + " to https)");
        }
        if (redirects == MAX_REDIRECTS) {
          throw new IOException(url + " redirects more than " + MAX_REDIRECTS + " times");
        }
        at = next;
        continue;
      }
      InputStream body = status == 200 || status == 206 ? connection.getInputStream() : InputStream.nullInputStream();
      return new Response(at, status, headers, body, connection);
    }
  }
}
