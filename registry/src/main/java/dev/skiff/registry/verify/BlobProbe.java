package dev.skiff.registry.verify;

import dev.skiff.model.Digest;
import dev.skiff.registry.oci.AnonymousTokens;
import dev.skiff.sif.SifFormatException;
import dev.skiff.signing.ImageSignatures;
import dev.skiff.signing.SifSignatureChecker;
import dev.skiff.support.BearerChallenge;
import dev.skiff.support.IoMessages;
import dev.skiff.support.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks over HTTP that the blob a manifest points at is there and is what the manifest says: a
 * HEAD (or, where HEAD is not allowed, a GET of the first bytes) must answer 200 with the recorded
 * size and an allowed content type, and the first bytes must carry the SIF magic; a deep check
 * downloads the blob and compares its sha256, reading no more than the recorded size and giving up
 * when the download falls behind its deadline (the timeout, plus a second per MiB). Redirects are followed only to allowed schemes;
 * 5xx, 429 and dropped connections are tried again as the shared {@link RetryPolicy} says. An OCI
 * registry that wants a token even for a public blob (GitHub Container Registry) gets the
 * distribution spec's anonymous token flow; the token goes to that registry's origin only.
 * Where the registry checks signatures, the deep download is kept in a temporary file for the
 * signature checker, and removed after.
 */
final class BlobProbe {
  static final String CHECK = "blob";
  private static final int MAX_REDIRECTS = 5;
  private static final int MAGIC_OFFSET = 32;
  private static final byte[] MAGIC = "SIF_MAGIC\0".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC_OFFSET + MAGIC.length;
  /** The slowest a deep check's download may be, past its first answer: 1 MiB/s. */
  private static final int SLOWEST_BYTES_PER_SECOND = 1 << 20;

  private final HttpClient client;
  private final RegistryRules rules;
  private final Duration timeout;
  private final RetryPolicy retry;
  private final boolean deep;
  private final PublicAddresses addresses;
  private final Optional<SifSignatureChecker> signatures;
  private final AtomicInteger requests = new AtomicInteger();
  private final AnonymousTokens tokens;

  /**
   * What a probe found: the blob's finding, and, when it passed a deep check with signatures to
   * check, what its signatures are.
   */
  record Probed(Finding finding, Optional<ImageSignatures> signatures) {}

  /**
   * @param client a client that does not follow redirects itself
   * @param timeout how long one request may take
   * @param attempts how often a request is tried when the server fails or drops it
   * @param deep whether to download the blob and check its sha256
   * @param addresses which hosts may be fetched from, checked before every request
   * @param signatures the checker of a deep-checked image's signatures, when the registry checks them
   */
  BlobProbe(HttpClient client, RegistryRules rules, Duration timeout, int attempts, boolean deep,
      PublicAddresses addresses, Optional<SifSignatureChecker> signatures) {
    this.signatures = signatures;
    this.client = client;
    this.rules = rules;
    this.timeout = timeout;
    this.retry = new RetryPolicy(attempts, RetryPolicy.DEFAULT.maxWait());
    this.deep = deep;
    this.addresses = addresses;
    this.tokens = new AnonymousTokens(client, timeout, addresses::refusal);
  }

  int requests() {
    return requests.get();
  }

  Probed check(BlobTarget blob) throws InterruptedException {
    Optional<Path> image = Optional.empty();
    try {
      if (deep && signatures.isPresent()) {
        image = Optional.of(Files.createTempFile("skiff-verify-", ".sif"));
      }
      Finding finding = probe(blob, image);
      if (image.isEmpty()) {
        return new Probed(finding, Optional.empty());
      }
      try {
        return new Probed(finding, Optional.of(signatures.get().check(image.get())));
      } catch (SifFormatException e) {
        // The message names the temporary copy; the URL is what the maintainer knows.
        throw new Failure("is not a valid SIF image: " + e.getMessage().replaceFirst("^.*?: not a valid SIF image: ", ""));
      }
    } catch (Failure failure) {
      return new Probed(Finding.fail(blob.path(), CHECK, blob.url() + " " + failure.getMessage()), Optional.empty());
    } catch (IOException e) {
      return new Probed(Finding.fail(blob.path(), CHECK, blob.url() + " cannot be kept to check its signatures: "
          + e.getMessage()), Optional.empty());
    } finally {
      if (image.isPresent()) {
        try {
          Files.deleteIfExists(image.get());
        } catch (IOException e) {
          // A temporary file left behind harms no verdict.
        }
      }
    }
  }

  private Finding probe(BlobTarget blob, Optional<Path> keep) throws Failure, InterruptedException {
    SignIn in = new SignIn();
    Answer head = send(blob.url(), "HEAD", Optional.empty(), blob.size(), Optional.empty(), in);
    if (head.status() == 405 || head.status() == 501) {
      head = send(blob.url(), "GET", Optional.of(HEADER), blob.size(), Optional.empty(), in);
    }
    if (head.status() != 200 && head.status() != 206) {
      throw new Failure("answers " + head.status() + " (expected 200)");
    }
    long size = totalSize(head).orElseThrow(() -> new Failure("sends no Content-Length"));
    if (size != blob.size()) {
      throw new Failure("is " + size + " bytes, but the manifest says " + blob.size());
    }
    String type = head.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim().toLowerCase(Locale.ROOT))
        .orElse("none");
    if (!rules.contentTypes().contains(type)) {
      throw new Failure("has content type " + type + "; allowed: " + String.join(", ", rules.contentTypes()));
    }
    if (deep) {
      // From the blob's own URL, not where the HEAD was sent: a registry's redirect is a signed URL
      // for one method (S3's), and a GET needs its own.
      Answer whole = send(blob.url(), "GET", Optional.empty(), blob.size(), keep, in);
      if (whole.digest().isEmpty()) {
        throw new Failure("sends more than the " + blob.size() + " bytes the manifest says");
      }
      if (!whole.digest().equals(Optional.of(blob.digest()))) {
        throw new Failure("has sha256 " + whole.digest().map(Digest::toString).orElse("unknown") + ", but the manifest says "
            + blob.digest());
      }
      if (!startsWithMagic(whole.firstBytes())) {
        throw new Failure("does not start like a SIF image (no SIF_MAGIC at byte " + MAGIC_OFFSET + ")");
      }
      return Finding.pass(blob.path(), CHECK, blob.url() + " has " + size + " bytes and sha256 " + blob.digest());
    }
    Answer start = head.firstBytes().length >= HEADER ? head
        : send(blob.url(), "GET", Optional.of(HEADER), blob.size(), Optional.empty(), in);
    if (!startsWithMagic(start.firstBytes())) {
      throw new Failure("does not start like a SIF image (no SIF_MAGIC at byte " + MAGIC_OFFSET + ")");
    }
    return Finding.pass(blob.path(), CHECK, blob.url() + " has " + size + " bytes and starts like a SIF image");
  }

  private static boolean startsWithMagic(byte[] bytes) {
    return bytes.length >= HEADER && Arrays.equals(Arrays.copyOfRange(bytes, MAGIC_OFFSET, HEADER), MAGIC);
  }

  /** The blob's whole size: from Content-Range for partial answers, else Content-Length. */
  private static OptionalLong totalSize(Answer answer) {
    if (answer.status() == 206) {
      Optional<String> range = answer.headers().firstValue("Content-Range");
      if (range.isPresent() && range.get().contains("/")) {
        String total = range.get().substring(range.get().lastIndexOf('/') + 1).trim();
        return total.matches("\\d+") ? OptionalLong.of(Long.parseLong(total)) : OptionalLong.empty();
      }
      return OptionalLong.empty();
    }
    return answer.headers().firstValueAsLong("Content-Length");
  }

  /**
   * An answer: where it came from after redirects, its status and headers, and what was read of the
   * body: its first bytes, and for a whole download its sha256 (empty when it outgrew the size).
   */
  private record Answer(URI url, int status, HttpHeaders headers, byte[] firstBytes, Optional<Digest> digest) {}

  /** The token a blob's checks send, once the registry asked for one. */
  private static final class SignIn {
    Optional<AnonymousTokens.Token> token = Optional.empty();

    Optional<String> headerFor(URI url) {
      return token.filter(t -> t.mayGoTo(url)).map(AnonymousTokens.Token::header);
    }
  }

  /**
   * Sends a request, following allowed redirects, retrying what may succeed on a second try, and
   * answering a registry's request for a token.
   */
  private Answer send(URI url, String method, Optional<Integer> range, long size, Optional<Path> keep, SignIn in)
      throws Failure, InterruptedException {
    URI current = url;
    for (int redirects = 0; ; redirects++) {
      Optional<String> refused = addresses.refusal(current);
      if (refused.isPresent()) {
        throw new Failure((current.equals(url) ? "" : "redirects to " + current + ", which ") + refused.get());
      }
      Optional<String> authorization = in.headerFor(current);
      Answer first = withRetries(current, method, range, size, keep, authorization);
      Optional<AnonymousTokens.Token> token = first.status() == 401
          ? anonymousToken(current, first, authorization.isPresent()) : Optional.empty();
      if (token.isPresent()) {
        in.token = token;
      }
      Answer answer = token.isEmpty() ? first : withRetries(current, method, range, size, keep, in.headerFor(current));
      if (answer.status() < 300 || answer.status() >= 400 || answer.status() == 304) {
        return answer;
      }
      String location = answer.headers().firstValue("Location")
          .orElseThrow(() -> new Failure("answers " + answer.status() + " without a Location"));
      URI next = current.resolve(location);
      String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
      if (!rules.urlSchemes().contains(scheme)) {
        throw new Failure("redirects to " + next + "; redirects are followed only to " + String.join(", ", rules.urlSchemes()));
      }
      if (redirects >= MAX_REDIRECTS) {
        throw new Failure("redirects more than " + MAX_REDIRECTS + " times");
      }
      current = next;
    }
  }

  /**
   * An anonymous token for a 401's Bearer challenge; empty when the answer has none.
   *
   * @param renew whether the token sent was refused, so a new one is asked for
   */
  private Optional<AnonymousTokens.Token> anonymousToken(URI at, Answer answer, boolean renew)
      throws Failure, InterruptedException {
    Optional<BearerChallenge> challenge;
    try {
      challenge = BearerChallenge.in(answer.headers().allValues("WWW-Authenticate"), at);
    } catch (BearerChallenge.Unusable e) {
      throw new Failure("answers 401, and " + e.getMessage());
    }
    if (challenge.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(tokens.token(challenge.get(), renew).orElseThrow(() -> new Failure("answers 401, and its"
          + " token service gives an anonymous reader no token for it: a private image? verify checks only what"
          + " anyone may read")));
    } catch (AnonymousTokens.Unavailable e) {
      throw new Failure(e.getMessage());
    } catch (IOException e) {
      throw new Failure("asks for a token, and its token service cannot be reached: " + IoMessages.describe(e));
    }
  }

  private Answer withRetries(URI url, String method, Optional<Integer> range, long size, Optional<Path> keep,
      Optional<String> authorization) throws Failure, InterruptedException {
    try {
      return retry.call(() -> once(url, method, range, size, keep, authorization), Answer::status, Answer::headers);
    } catch (BodyDeadline e) {
      throw new Failure(e.getMessage());
    } catch (HttpTimeoutException e) {
      throw new Failure("did not answer within " + timeout.toSeconds() + " s");
    } catch (ConnectException e) {
      throw new Failure("cannot be reached: " + (e.getMessage() == null ? "connection refused" : e.getMessage()));
    } catch (IOException e) {
      throw new Failure("failed after " + retry.attempts() + " tries: " + e);
    }
  }

  private Answer once(URI url, String method, Optional<Integer> range, long size, Optional<Path> keep,
      Optional<String> authorization) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).header("User-Agent", "skiff-verify")
        .method(method, HttpRequest.BodyPublishers.noBody());
    authorization.ifPresent(value -> request.header("Authorization", value));
    range.ifPresent(bytes -> request.header("Range", "bytes=0-" + (bytes - 1)));
    requests.incrementAndGet();
    if (method.equals("GET") && range.isEmpty()) {
      if (keep.isEmpty()) {
        return download(url, request.build(), size, Optional.empty());
      }
      // Each try starts the kept copy afresh.
      try (FileChannel copy = FileChannel.open(keep.get(), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        return download(url, request.build(), size, Optional.of(copy));
      }
    }
    HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (method.equals("HEAD") || response.statusCode() >= 300) {
        return new Answer(url, response.statusCode(), response.headers(), new byte[0], Optional.empty());
      }
      // A server that ignores Range sends the whole blob: read the first bytes and hang up.
      return new Answer(url, response.statusCode(), response.headers(), body.readNBytes(range.orElseThrow()),
          Optional.empty());
    }
  }

  /**
   * Downloads a whole blob, hashing it as it arrives, within one deadline: an endless or dripping
   * body would otherwise hold the check for as long as the server likes.
   */
  private Answer download(URI url, HttpRequest request, long size, Optional<FileChannel> copy)
      throws IOException, InterruptedException {
    BlobBody body = new BlobBody(HEADER, size, copy.map(c -> c));
    Duration deadline = timeout.plusSeconds(size / SLOWEST_BYTES_PER_SECOND);
    CompletableFuture<HttpResponse<BlobBody.Read>> sent = client.sendAsync(request,
        answer -> answer.statusCode() >= 300 ? HttpResponse.BodySubscribers.replacing(null) : body);
    HttpResponse<BlobBody.Read> response;
    try {
      response = sent.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      body.cancel();
      sent.cancel(true);
      throw new BodyDeadline("did not send its " + size + " bytes within " + deadline.toSeconds() + " s");
    } catch (InterruptedException e) {
      body.cancel();
      sent.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    BlobBody.Read read = response.body();
    return read == null ? new Answer(url, response.statusCode(), response.headers(), new byte[0], Optional.empty())
        : new Answer(url, response.statusCode(), response.headers(), read.header(), read.digest());
  }

  /** A download that missed its deadline: final, not tried again. */
  private static final class BodyDeadline extends HttpTimeoutException {
    private static final long serialVersionUID = 1L;

    BodyDeadline(String message) {
      super(message);
    }
  }

  /** Why a blob failed its check; the message follows the blob's URL. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }
}
