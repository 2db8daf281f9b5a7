package dev.skiff.support;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI registry's request for a token (the distribution spec's token authentication): the
 * {@code WWW-Authenticate: Bearer realm="...",service="...",scope="..."} of a 401 answer, read as
 * RFC 9110 writes challenges. It says where a token comes from and where it may go: only back to
 * the origin that asked for it, never to a host a redirect names (a registry's storage or CDN).
 */
public record BearerChallenge(URI asker, URI realm, Optional<String> service, List<String> scopes) {

  /** A challenge Skiff cannot follow: no realm, or a realm that is not https while the registry is. */
  public static final class Unusable extends Exception {
    private static final long serialVersionUID = 1L;

    Unusable(String message) {
      super(message);
    }
  }

  /** Checks that the asker and the realm are there, and keeps the scopes unchangeable. */
  public BearerChallenge {
    Objects.requireNonNull(asker);
    Objects.requireNonNull(realm);
    scopes = List.copyOf(scopes);
  }

  /**
   * The Bearer challenge among a 401's {@code WWW-Authenticate} values, or empty when none is one.
   *
   * @param asker the URL whose answer carried the header; a relative realm is resolved against it
   * @throws Unusable when the challenge names no realm, or an http realm for an https registry
   */
  public static Optional<BearerChallenge> in(List<String> values, URI asker) throws Unusable {
    for (String value : values) {
      String text = value.strip();
      int space = text.indexOf(' ');
      if (space < 0 || !text.substring(0, space).equalsIgnoreCase("Bearer")) {
        continue;
      }
      Map<String, String> parameters = parameters(text.substring(space + 1));
      String realm = parameters.get("realm");
      if (realm == null || realm.isBlank()) {
        throw new Unusable(asker.getHost() + " asks for a token but names no realm to get it from");
      }
      URI realmUrl;
      try {
        realmUrl = asker.resolve(realm);
      } catch (IllegalArgumentException e) {
        throw new Unusable(asker.getHost() + " names a token realm that is no URL");
      }
      String scheme = Objects.requireNonNullElse(realmUrl.getScheme(), "").toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !(scheme.equals("http") && asker.getScheme().equalsIgnoreCase("http"))) {
        throw new Unusable(asker.getHost() + " names a token realm that is not https: " + InertText.of(realm));
      }
      List<String> scopes = new ArrayList<>();
      Optional.ofNullable(parameters.get("scope")).ifPresent(s -> scopes.addAll(List.of(s.strip().split("\\s+"))));
      scopes.removeIf(String::isEmpty);
      return Optional.of(new BearerChallenge(asker, realmUrl, Optional.ofNullable(parameters.get("service")), scopes));
    }
    return Optional.empty();
  }

  /** The token service's URL for the scopes the registry asked for. */
  public URI tokenUrl() {
    return tokenUrl(scopes);
  }

  /** The token service's URL for {@code scopes} of one's own choosing (a push's {@code pull,push}). */
  public URI tokenUrl(List<String> scopes) {
    StringBuilder query = new StringBuilder();
    service.ifPresent(s -> query.append("service=").append(encode(s)));
    for (String scope : scopes) {
      query.append(query.length() > 0 ? "&" : "").append("scope=").append(encode(scope));
    }
    if (query.length() == 0) {
      return realm;
    }
    return URI.create(realm + (realm.getRawQuery() == null ? "?" : "&") + query);
  }

  /** Whether a token got for this challenge may go with a request to {@code url}: the asker's origin only. */
  public boolean mayReceiveToken(URI url) {
    return sameOrigin(asker, url);
  }

  /** Whether two URLs share scheme, host and port (a missing port is the scheme's). */
  public static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
  }

  /** The token of a token service's JSON answer: {@code token}, else OAuth's {@code access_token}. */
  public static Optional<String> tokenIn(Map<?, ?> answer) {
    Object token = answer.get("token") instanceof String text && !text.isBlank() ? text : answer.get("access_token");
    return token instanceof String text && !text.isBlank() ? Optional.of(text) : Optional.empty();
  }

  private static int port(URI url) {
    if (url.getPort() >= 0) {
      return url.getPort();
    }
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** The auth-params of a challenge: {@code name=token} or {@code name="quoted \" string"}, comma-separated. */
  private static Map<String, String> parameters(String text) {
    Map<String, String> parameters = new LinkedHashMap<>();
    int i = 0;
    while (i < text.length()) {
      while (i < text.length() && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
        i++;
      }
      int nameStart = i;
      while (i < text.length() && text.charAt(i) != '=' && text.charAt(i) != ',') {
        i++;
      }
      String name = text.substring(nameStart, i).strip().toLowerCase(Locale.ROOT);
      if (i >= text.length() || text.charAt(i) != '=') {
        continue; // a token68 or a stray name: nothing Skiff reads
      }
      i++;
      while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      StringBuilder value = new StringBuilder();
      if (i < text.length() && text.charAt(i) == '"') {
        for (i++; i < text.length() && text.charAt(i) != '"'; i++) {
          if (text.charAt(i) == '\\' && i + 1 < text.length()) {
            i++;
          }
          value.append(text.charAt(i));
        }
        i++; // the closing quote
      } else {
        while (i < text.length() && text.charAt(i) != ',') {
          value.append(text.charAt(i++));
        }
      }
      parameters.putIfAbsent(name, value.toString().strip());
    }
    return parameters;
  }
}
