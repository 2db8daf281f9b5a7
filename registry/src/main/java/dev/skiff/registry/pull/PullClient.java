package dev.skiff.registry.pull;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.skiff.model.Digest;
import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.Tag;
import dev.skiff.registry.oci.AnonymousTokens;
import dev.skiff.spi.ProgressListener;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.BearerChallenge;
import dev.skiff.support.InertText;
import dev.skiff.support.IoMessages;
import dev.skiff.support.RetryPolicy;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * {@code skiff pull}: reads a manifest from a registry site's API, downloads the blob it names,
 * and lets the file appear only when its size and sha256 are the recorded ones. Blobs are kept by
 * digest in a cache, so a second pull of the same image downloads nothing; a download cut off is
 * resumed from where it stopped (a bounded number of times), also by a later pull. A registry that
 * wants a token even for a public image (GitHub Container Registry) gets the distribution spec's
 * anonymous token flow.
 */
public final class PullClient {
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  /** Blobs from this size on come as ranges over several connections, where the server serves ranges. */
  static final long RANGED_FROM = 64L << 20;
  /** How many ranges are fetched at once. */
  static final int CONNECTIONS = 4;
  /** The size of a range: small enough that the bytes fetched in order keep the hash busy. */
  static final long CHUNK = 16L << 20;
  /** At most this many ranges, so that the record of a download stays small for the largest images. */
  static final int MAX_CHUNKS = 256;

  /**
   * Reads blobs that are not served to anyone: a store's URL ({@code s3://}, {@code gs://}) or a
   * private bucket's https URL, through the storage plugins and the environment's credentials.
   */
  @FunctionalInterface
  public interface PrivateBlobs {
    /** The blob from {@code offset} on, or empty when no store reads this URL. */
    Optional<InputStream> open(URI url, Digest digest, long offset) throws SkiffException, IOException,
        InterruptedException;
  }

  private final RetryPolicy retry;
  private final long rangedFrom;
  private final Optional<PrivateBlobs> privateBlobs;
  /** Made when a registry first asks for a token: most pulls meet none, and an HttpClient sets up TLS as it is built. */
  private AnonymousTokens tokens;
  /** The token each blob's registry gave, sent with the blob's next requests. */
  private final Map<URI, AnonymousTokens.Token> blobTokens = new ConcurrentHashMap<>();
  private Duration stallPatience = Duration.ofSeconds(60);

  /**
   * A client of public registries only.
   *
   * @param retry how often and how long a request is tried again
   */
  public PullClient(RetryPolicy retry) {
    this(retry, RANGED_FROM, Optional.empty());
  }

  /** A client that also reads private buckets, through {@code privateBlobs}. */
  public PullClient(RetryPolicy retry, PrivateBlobs privateBlobs) {
    this(retry, RANGED_FROM, Optional.of(privateBlobs));
  }

  PullClient(RetryPolicy retry, long rangedFrom, Optional<PrivateBlobs> privateBlobs) {
    this.retry = retry;
    this.rangedFrom = rangedFrom;
    this.privateBlobs = privateBlobs;
  }

  /**
   * @throws SkiffException for a tag or digest the registry does not hold, a site that is no
   *     registry's, a blob URL of a scheme not allowed, a blob whose bytes are not the recorded
   *     ones (nothing is kept then), or a server that cannot be reached
   * @throws InterruptedException when interrupted; its message says what was kept for the next pull
   */
  public PullResult pull(PullRequest request) throws SkiffException, InterruptedException {
    PullReference ref = request.reference();
    Layer layer = request.reference().tag().isPresent() ? manifest(ref, ref.tag().get())
        : byDigest(ref, ref.digest().orElseThrow());
    Path output = request.output().orElseGet(() -> Path.of(ref.namespace().name() + "_"
        + ref.tag().map(Tag::value).orElse(layer.digest().hex().substring(0, 12)) + ".sif")).toAbsolutePath();
    BlobCache cache = new BlobCache(request.cache());
    try {
      Optional<Path> cached = cache.entry(layer.digest(), layer.size());
      long downloaded = 0;
      if (cached.isEmpty()) {
        try (DownloadSlot slot = cache.slot(layer.digest())) {
          downloaded = download(ref, layer, slot, request.progress());
          cached = Optional.of(cache.admit(slot.data(), layer.digest()));
        }
      }
      List<String> signers = new SiteSignatures(url -> getBytes(url, ref)).check(ref, cached.get(),
          request.requireSignature());
      BlobCache.copyOut(cached.get(), output);
      return new PullResult(output, layer.digest(), layer.size(), layer.url(), downloaded, signers);
    } catch (IOException e) {
      throw new SkiffException(ref.shortName() + ": " + IoMessages.describe(e), e);
    }
  }

  /** The one layer of a manifest: the SIF image. */
  record Layer(Digest digest, long size, URI url) {}

  private Layer manifest(PullReference ref, Tag tag) throws SkiffException, InterruptedException {
    URI url = ref.site().resolve(ref.namespace() + "/manifests/" + tag + "/");
    Optional<Object> manifest = getJson(url, ref);
    if (manifest.isEmpty()) {
      List<String> tags = tags(ref);
      throw new SkiffException(ref.namespace() + " has no tag " + tag + " at " + ref.site() + "; its tags: "
          + (tags.isEmpty() ? "none" : String.join(", ", tags)));
    }
    Object layer = first(field(manifest.get(), "layers"));
    try {
      Digest digest = Digest.parse(text(field(layer, "digest")));
      long size = field(layer, "size") instanceof Number number ? number.longValue() : 0;
      String blob = text(first(field(layer, "urls")));
      if (size <= 0 || blob.isEmpty()) {
        throw new InvalidReferenceException("no size or URL");
      }
      return new Layer(digest, size, allowed(URI.create(blob), ref));
    } catch (IllegalArgumentException e) { // InvalidReferenceException too
      throw new SkiffException(url + " is not a registry's manifest (" + e.getMessage() + "); is " + ref.site()
          + " a Skiff or registry-org site?");
    }
  }

  private Layer byDigest(PullReference ref, Digest digest) throws SkiffException, InterruptedException {
    for (String tag : tags(ref)) {
      Tag parsed;
      try {
        parsed = Tag.of(tag);
      } catch (InvalidReferenceException e) {
        // The tag list is the site's answer, not Skiff's: a hostile or broken one is said so in one line.
        throw new SkiffException(ref.site() + " lists '" + InertText.of(tag) + "' among the tags of " + ref.namespace()
            + ", which is no tag (" + InertText.of(e.getMessage()) + "); is it a Skiff or registry-org site?");
      }
      Layer layer = manifest(ref, parsed);
      if (layer.digest().equals(digest)) {
        return layer;
      }
    }
    throw new SkiffException(ref.namespace() + " at " + ref.site() + " holds no image with digest " + digest);
  }

  private List<String> tags(PullReference ref) throws SkiffException, InterruptedException {
    URI url = ref.site().resolve(ref.namespace() + "/tags/");
    Object list = getJson(url, ref).orElseThrow(() -> new SkiffException(ref.site() + " has no namespace "
        + ref.namespace() + " (" + url + " answered 404)"));
    List<String> tags = new ArrayList<>();
    if (field(list, "tags") instanceof List<?> values) {
      values.forEach(tag -> tags.add(String.valueOf(tag)));
    }
    return tags;
  }

  /** A member of a JSON object; null when the value is no object or has no such member. */
  private static Object field(Object json, String name) {
    return json instanceof Map<?, ?> object ? object.get(name) : null;
  }

  /** The first element of a JSON array; null when the value is no array or an empty one. */
  private static Object first(Object json) {
    return json instanceof List<?> array && !array.isEmpty() ? array.get(0) : null;
  }

  private static String text(Object json) {
    return json instanceof String string ? string : "";
  }

  /** The JSON at a URL of the site, or empty on 404. */
  private Optional<Object> getJson(URI url, PullReference ref) throws SkiffException, InterruptedException {
    Optional<byte[]> body = getBytes(url, ref);
    if (body.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(JSON.std.anyFrom(body.get()));
    } catch (IOException e) {
      throw new SkiffException(url + " did not answer JSON; is " + ref.site() + " a Skiff or registry-org site?");
    }
  }

  /** A small file of the site, or empty on 404. */
  private Optional<byte[]> getBytes(URI url, PullReference ref) throws SkiffException, InterruptedException {
    Answer answer;
    try {
      answer = retry.call(() -> {
        try (Web.Response response = Web.get(url, Optional.empty(), TIMEOUT, abort -> { })) {
          return new Answer(response.status(), response.headers(), response.body().readAllBytes());
        } catch (SSLException e) {
          throw new UncheckedIOException(e); // no second try: the answer will not change
        }
      }, Answer::status, Answer::headers);
    } catch (UncheckedIOException | IOException e) {
      IOException cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
      if (cause instanceof SSLException && url.getScheme().equals("https") && plainHttp(url)) {
        throw new SkiffException(ref.site() + " answers plain http, not https: write http://" + url.getAuthority()
            + ref.site().getRawPath() + ref.shortName() + " (or --site http://" + url.getAuthority()
            + ref.site().getRawPath() + ")", cause);
      }
      throw new SkiffException(url + ": cannot be reached (" + IoMessages.describe(cause) + ")", cause);
    }
    if (answer.status() == 404) {
      return Optional.empty();
    }
    if (answer.status() != 200) {
      throw new SkiffException(url + " answered " + answer.status());
    }
    return Optional.of(answer.body());
  }

  /** A small answer, read whole. */
  private record Answer(int status, HttpHeaders headers, byte[] body) {}

  /** Whether the server that refused a TLS handshake answers plain http on the same port. */
  private static boolean plainHttp(URI url) {
    try {
      URI plain = new URI("http", null, url.getHost(), url.getPort() < 0 ? 443 : url.getPort(), "/", null, null);
      try (Web.Response response = Web.get(plain, Optional.empty(), Duration.ofSeconds(10), abort -> { })) {
        return response.status() > 0;
      }
    } catch (IOException | URISyntaxException e) {
      return false;
    }
  }

  /**
   * Blobs come over https, over http from a site that is itself served over http (a test, a lab's
   * mirror), or from a store's URL when private blobs can be read.
   */
  private URI allowed(URI blob, PullReference ref) throws SkiffException {
    String scheme = blob.getScheme() == null ? "" : blob.getScheme().toLowerCase(Locale.ROOT);
    boolean ok = scheme.equals("https") || (scheme.equals("http") && ref.site().getScheme().equals("http"))
        || (privateBlobs.isPresent() && (scheme.equals("s3") || scheme.equals("gs")));
    if (!ok || blob.getHost() == null) {
      throw new SkiffException(ref.shortName() + ": the blob URL " + blob + " uses '" + scheme + "'; skiff pull"
          + " downloads over https (or http from an http site)");
    }
    return blob;
  }

  /**
   * Downloads the blob into the slot, continuing what it holds, and checks the bytes; those that
   * are not the recorded ones are dropped.
   *
   * @return the bytes fetched by this pull
   */
  private long download(PullReference ref, Layer layer, DownloadSlot slot, ProgressListener progress)
      throws SkiffException, IOException, InterruptedException {
    boolean ranged = layer.size() >= rangedFrom && isWeb(layer.url()) && servesRanges(layer);
    long chunk = ranged ? chunk(layer.size(), rangedFrom) : layer.size();
    BlobFetch.Outcome outcome;
    try {
      outcome = new BlobFetch(slot, layer.size(), chunk, ranged ? CONNECTIONS : 1,
          (from, last, abort) -> open(layer, from, last, abort),
          retry.attempts() + 2, progress).run();
    } catch (SkiffException e) {
      slot.discard();
      throw new SkiffException(layer.url() + " " + e.getMessage() + "; nothing was kept", e);
    } catch (BlobFetch.Stopped stopped) {
      String kept = slot.shared() && stopped.kept > 0 ? String.format(Locale.ROOT, "%,d of %,d bytes are kept;"
          + " skiff pull continues from there", stopped.kept, layer.size()) : "nothing was kept";
      if (stopped.getCause() instanceof InterruptedException) {
        InterruptedException interrupted = new InterruptedException("the download of " + ref.shortName()
            + " stopped; " + kept);
        interrupted.initCause(stopped.getCause());
        throw interrupted;
      }
      Throwable cause = stopped.getCause();
      throw new SkiffException(layer.url() + ": the download broke off (" + (cause instanceof IOException io
          ? IoMessages.describe(io) : String.valueOf(cause)) + "); " + kept, cause);
    }
    if (!outcome.digest().equals(layer.digest())) {
      slot.discard();
      throw new SkiffException(layer.url() + " has sha256 " + outcome.digest() + ", not the recorded " + layer.digest()
          + "; nothing was kept");
    }
    return outcome.fetched();
  }

  /** How long a download may go without a byte before it is dropped and continued; a minute unless a test says. */
  PullClient stallPatience(Duration patience) {
    this.stallPatience = patience;
    return this;
  }

  /**
   * The blob's bytes from {@code from} on (to {@code last} inclusive when it is not negative): over
   * HTTP, or through the store's own access for a store's URL and for a bucket that refuses
   * anonymous reads, when the caller gave a way to read private blobs.
   */
  private BlobFetch.Opened open(Layer layer, long from, long last, Consumer<Closeable> abort)
      throws SkiffException, IOException, InterruptedException {
    if (!isWeb(layer.url())) {
      return new BlobFetch.Opened(privateBlob(layer, from, abort).orElseThrow(() ->
          new SkiffException("is read by no storage")), true);
    }
    Optional<String> range = from > 0 || last >= 0 ? Optional.of("bytes=" + from + "-" + (last >= 0 ? last : ""))
        : Optional.empty();
    Web.Response response = blobGet(layer.url(), range, stallPatience, abort);
    int status = response.status();
    boolean continues = status == 206 && response.header("Content-Range")
        .filter(value -> value.startsWith("bytes " + from + "-")).isPresent();
    if ((status == 401 || status == 403) && privateBlobs.isPresent()) {
      response.close();
      Optional<InputStream> body = privateBlob(layer, from, abort);
      if (body.isPresent()) {
        return new BlobFetch.Opened(body.get(), true);
      }
      throw new SkiffException("answered " + status + " and is no bucket's URL that skiff reads with credentials");
    }
    if (status == 416) {
      response.close();
      throw new SkiffException("holds fewer bytes than the recorded " + layer.size());
    }
    if (status >= 500) {
      response.close();
      throw new IOException("answered " + status); // a server's passing trouble: tried again
    }
    if (!continues && !(status == 200 && last < 0)) {
      response.close();
      throw new SkiffException("answered " + status + " for the image" + (status == 401 || status == 403
          ? "; a private image? skiff pull reads buckets and OCI registries with the environment's credentials" : ""));
    }
    return new BlobFetch.Opened(response.body(), continues || from == 0);
  }

  /** A GET of a blob, with the anonymous token its registry asks for, if it asks. */
  private Web.Response blobGet(URI url, Optional<String> range, Duration patience, Consumer<Closeable> abort)
      throws SkiffException, IOException, InterruptedException {
    Optional<AnonymousTokens.Token> known = Optional.ofNullable(blobTokens.get(url));
    Web.Response response = Web.get(url, range, known, patience, abort);
    if (response.status() != 401) {
      return response;
    }
    Optional<AnonymousTokens.Token> token;
    try {
      Optional<BearerChallenge> challenge = BearerChallenge.in(response.headers().allValues("WWW-Authenticate"),
          response.url());
      token = challenge.isEmpty() ? Optional.empty() : tokens().token(challenge.get(), known.isPresent());
    } catch (BearerChallenge.Unusable | AnonymousTokens.Unavailable e) {
      response.close();
      throw new SkiffException(e instanceof BearerChallenge.Unusable ? "answered 401, and " + e.getMessage()
          : e.getMessage());
    }
    if (token.isEmpty()) {
      return response; // no anonymous reader gets in: the 401 stands
    }
    response.close();
    blobTokens.put(url, token.get());
    return Web.get(url, range, token, patience, abort);
  }

  private synchronized AnonymousTokens tokens() {
    if (tokens == null) {
      tokens = new AnonymousTokens(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(30)).build(), TIMEOUT, url -> Optional.empty());
    }
    return tokens;
  }

  private Optional<InputStream> privateBlob(Layer layer, long from, Consumer<Closeable> abort)
      throws SkiffException, IOException, InterruptedException {
    // A store's own client has timeouts of its own kind; a body that stops moving is closed here.
    Optional<InputStream> body = privateBlobs.orElseThrow().open(layer.url(), layer.digest(), from)
        .map(stream -> StallGuard.watch(stream, stallPatience));
    body.ifPresent(abort::accept);
    return body;
  }

  /** Whether the server answers a range of this blob with 206 and the blob's whole size. */
  private boolean servesRanges(Layer layer) throws InterruptedException {
    try (Web.Response response = blobGet(layer.url(), Optional.of("bytes=0-0"), TIMEOUT, abort -> { })) {
      return response.status() == 206 && response.header("Content-Range")
          .filter(range -> range.equals("bytes 0-0/" + layer.size())).isPresent();
    } catch (IOException | SkiffException e) {
      return false;
    }
  }

  /** The size of the ranges of a blob fetched as ranges. */
  static long chunk(long size, long rangedFrom) {
    return Math.max(Math.min(CHUNK, rangedFrom / CONNECTIONS), (size + MAX_CHUNKS - 1) / MAX_CHUNKS);
  }

  private static boolean isWeb(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("https") || scheme.equals("http");
  }
}
