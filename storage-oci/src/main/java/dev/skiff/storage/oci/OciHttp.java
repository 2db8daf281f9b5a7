package dev.skiff.storage.oci;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.StorageException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests to a registry, signed in as registries ask (the distribution spec's auth): a request
 * answered 401 with {@code WWW-Authenticate: Bearer realm=...,service=...,scope=...} gets a token
 * from the realm (with the credentials as basic auth, or anonymously) and is sent again with it;
 * one answered with a {@code Basic} challenge is sent again with the credentials. Tokens are kept
 * per scope for the run.
 */
final class OciHttp {
  private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final HttpClient client;
  private final OciCredentials credentials;
  private final Duration timeout;
  private final Map<String, String> authorizations = new ConcurrentHashMap<>();

  OciHttp(HttpClient client, OciCredentials credentials, Duration timeout) {
    this.client = client;
    this.credentials = credentials;
    this.timeout = timeout;
  }

  Duration timeout() {
    return timeout;
  }

  /**
   * Sends a request for a repository's {@code scope} ({@code repository:NAME:pull,push}), signing in
   * when the registry asks.
   */
  <T> HttpResponse<T> send(HttpRequest.Builder request, String scope, HttpResponse.BodyHandler<T> body)
      throws SkiffException, IOException, InterruptedException {
    String known = authorizations.get(scope);
    if (known != null) {
      request.setHeader("Authorization", known);
    }
    HttpResponse<T> response = client.send(request.timeout(timeout).build(), body);
    if (response.statusCode() != 401) {
      return response;
    }
    String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
    String authorization = authorize(challenge, scope, response.uri());
    authorizations.put(scope, authorization);
    request.setHeader("Authorization", authorization);
    HttpResponse<T> again = client.send(request.build(), body);
    if (again.statusCode() == 401 || again.statusCode() == 403) {
      throw new StorageException(response.uri().getHost() + " refused " + (credentials.password().isPresent()
          ? "the credentials of " + credentials : "anonymous access") + " for " + scope + " (HTTP " + again.statusCode()
          + "); set " + OciCredentials.USERNAME + " and " + OciCredentials.PASSWORD + " to an account that may");
    }
    return again;
  }

  private String authorize(String challenge, String scope, URI where) throws SkiffException, IOException,
      InterruptedException {
    String scheme = challenge.strip().split("\\s+", 2)[0];
    if (scheme.equalsIgnoreCase("Basic")) {
      return credentials.basic().orElseThrow(() -> new StorageException(where.getHost() + " asks for a user name and"
          + " password; set " + OciCredentials.USERNAME + " and " + OciCredentials.PASSWORD));
    }
    if (!scheme.equalsIgnoreCase("Bearer")) {
      throw new StorageException(where.getHost() + " answered 401 without a challenge Skiff knows ('"
          + scheme.replaceAll("[^\\w-]", "") + "')");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    Matcher matcher = PARAMETER.matcher(challenge);
    while (matcher.find()) {
      parameters.put(matcher.group(1).toLowerCase(java.util.Locale.ROOT), matcher.group(2));
    }
    String realm = parameters.get("realm");
    if (realm == null) {
      throw new StorageException(where.getHost() + " asks for a token but names no realm to get it from");
    }
    URI realmUri = where.resolve(realm);
    if (!realmUri.getScheme().equals("https") && !where.getScheme().equals("http")) {
      throw new StorageException(where.getHost() + " names a token realm that is not https: " + realmUri.getHost());
    }
    StringBuilder query = new StringBuilder();
    Optional.ofNullable(parameters.get("service")).ifPresent(s -> query.append("service=").append(encode(s)));
    query.append(query.length() > 0 ? "&" : "").append("scope=").append(encode(scope));
    HttpRequest.Builder token = HttpRequest.newBuilder(URI.create(realmUri + (realmUri.getRawQuery() == null ? "?" : "&")
        + query)).timeout(timeout).GET();
    credentials.basic().ifPresent(basic -> token.header("Authorization", basic));
    HttpResponse<String> answer = client.send(token.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new StorageException("the token service of " + where.getHost() + " answered " + answer.statusCode() + " for "
          + scope + (credentials.password().isPresent() ? " with the credentials of " + credentials : " anonymously"));
    }
    Map<String, Object> json;
    try {
      json = JSON.std.mapFrom(answer.body());
    } catch (IOException e) {
      throw new StorageException("the token service of " + where.getHost() + " did not answer JSON");
    }
    Object value = json.containsKey("token") ? json.get("token") : json.get("access_token");
    if (!(value instanceof String tokenText) || tokenText.isBlank()) {
      throw new StorageException("the token service of " + where.getHost() + " answered no token");
    }
    return "Bearer " + tokenText;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
