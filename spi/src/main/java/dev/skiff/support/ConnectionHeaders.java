package dev.skiff.support;

import java.net.HttpURLConnection;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The headers of an {@link HttpURLConnection}'s answer as {@link HttpHeaders}, the type the JDK's
 * HTTP client answers with: looked up in any case, without the status line, which the connection
 * lists under a null name. Skiff's clients on {@code HttpURLConnection} (pull, an OCI push) share
 * their header handling with those on the HTTP client this way.
 */
public final class ConnectionHeaders {
  private ConnectionHeaders() {}

  /** The answer's headers; call after the answer has arrived. */
  public static HttpHeaders of(HttpURLConnection connection) {
    Map<String, List<String>> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    connection.getHeaderFields().forEach((name, values) -> {
      if (name != null) { // the status line
        named.put(name, values);
      }
    });
    return HttpHeaders.of(named, (name, value) -> true);
  }
}
