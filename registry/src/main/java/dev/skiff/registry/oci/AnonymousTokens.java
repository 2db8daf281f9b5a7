package dev.skiff.registry.oci;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.skiff.support.BearerChallenge;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Tokens for reading public images from OCI registries that want one even from a reader with no
 * account (GitHub Container Registry, Docker Hub): the distribution spec's token flow, anonymously.
 * No credential is ever sent, so a realm named by a stranger's registry learns nothing; the token
 * goes back only to the origin that asked for it (see {@link BearerChallenge#mayReceiveToken}).
 * Tokens are kept per token URL, so the reads of one repository ask once.
 */
public final class AnonymousTokens {
  /** More than any token service's answer; a realm that sends more is not read further. */
  private static final int MAX_ANSWER = 64 * 1024;

  /** A token, and the challenge it answers: where it may be sent. */
  public record Token(BearerChallenge challenge, String value) {
    /** The {@code Authorization} header's value. */
    public String header() {
      return "Bearer " + value;
    }

    /** Whether this token may go with a request to {@code url}. */
    public boolean mayGoTo(URI url) {
      return challenge.mayReceiveToken(url);
    }

    @Override
    public String toString() {
      return "token for " + challenge.asker().getHost(); // never the token itself
    }
  }

  /** A token that cannot be had: the message says why, after the blob's URL. */
  public static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message, null, false, false);
    }
  }

  private final HttpClient client;
  private final Duration timeout;
  private final Function<URI, Optional<String>> refusal;
  private final Map<URI, String> tokens = new ConcurrentHashMap<>();

  /**
   * @param client a client that does not follow redirects
   * @param refusal why a realm may not be asked (verify keeps to public addresses), or empty when it may
   */
  public AnonymousTokens(HttpClient client, Duration timeout, Function<URI, Optional<String>> refusal) {
    this.client = client;
    this.timeout = timeout;
    this.refusal = refusal;
  }

  /**
   * A token for what the challenge asks, kept from before unless {@code renew} (the one sent was
   * refused, as when it expired).
   *
   * @return empty when the token service refuses an anonymous reader (a private image)
   * @throws Unavailable when the realm may not be asked, or does not answer a token
   * @throws IOException when the realm cannot be reached
   */
  public Optional<Token> token(BearerChallenge challenge, boolean renew)
      throws Unavailable, IOException, InterruptedException {
    URI url = challenge.tokenUrl();
    String known = renew ? null : tokens.get(url);
    if (known != null) {
      return Optional.of(new Token(challenge, known));
    }
    Optional<String> refused = refusal.apply(url);
    if (refused.isPresent()) {
      throw new Unavailable("asks for a token from " + url + ", which " + refused.get());
    }
    HttpResponse<InputStream> answer = client.send(HttpRequest.newBuilder(url).timeout(timeout)
        .header("User-Agent", "skiff").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    byte[] body;
    try (InputStream in = answer.body()) {
      body = in.readNBytes(MAX_ANSWER + 1);
    }
    if (answer.statusCode() == 401 || answer.statusCode() == 403) {
      return Optional.empty();
    }
    if (answer.statusCode() != 200) {
      throw new Unavailable("asks for a token, and the token service at " + url.getHost() + " answered "
          + answer.statusCode());
    }
    Optional<String> token = Optional.empty();
    if (body.length <= MAX_ANSWER) {
      try {
        token = BearerChallenge.tokenIn(JSON.std.mapFrom(body));
      } catch (IOException e) {
        // not JSON: no token, said below
      }
    }
    String value = token.orElseThrow(() -> new Unavailable("asks for a token, and the token service at "
        + url.getHost() + " answered none"));
    tokens.put(url, value);
    return Optional.of(new Token(challenge, value));
  }
}
