package dev.skiff.registry.pull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.model.Digest;
import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.Tag;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.InertText;
import dev.skiff.support.IoMessages;
import dev.skiff.support.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code skiff pull}: reads a manifest from a registry site's API, downloads the blob it names,
 * and lets the file appear only when its size and sha256 are the recorded ones. Blobs are kept by
 * digest in a cache, so a second pull of the same image downloads nothing; a download cut off is
 * resumed from where it stopped (a bounded number of times), also by a later pull.
 */
public final class PullClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  /** Blobs from this size on come as several ranges side by side, where the server serves ranges. */
  static final long RANGED_FROM = 64L << 20;
  static final int RANGES = 4;

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

  private final HttpClient http;
  private final RetryPolicy retry;
  private final long rangedFrom;
  private final Optional<PrivateBlobs> privateBlobs;
  private Duration stallPatience = Duration.ofSeconds(60);

  /** @param http a client that follows redirects (static hosts and buckets redirect) */
  public PullClient(HttpClient http, RetryPolicy retry) {
    this(http, retry, RANGED_FROM, Optional.empty());
  }

  /** A client that also reads private buckets, through {@code privateBlobs}. */
  public PullClient(HttpClient http, RetryPolicy retry, PrivateBlobs privateBlobs) {
    this(http, retry, RANGED_FROM, Optional.of(privateBlobs));
  }

  PullClient(HttpClient http, RetryPolicy retry, long rangedFrom, Optional<PrivateBlobs> privateBlobs) {
    this.http = http;
    this.retry = retry;
    this.rangedFrom = rangedFrom;
    this.privateBlobs = privateBlobs;
  }

  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30))
        .build();
  }

  /**
   * @throws SkiffException for a tag or digest the registry does not hold, a site that is no
   *     registry's, a blob URL of a scheme not allowed, a blob whose bytes are not the recorded
   *     ones (nothing is kept then), or a server that cannot be reached
   */
  public PullResult pull(PullRequest request) throws SkiffException, InterruptedException {
    PullReference ref = request.reference();
    Layer layer = request.reference().tag().isPresent() ? manifest(ref, ref.tag().get())
        : byDigest(ref, ref.digest().orElseThrow());
    Path output = request.output().orElseGet(() -> Path.of(ref.namespace().name() + "_"
        + ref.tag().map(Tag::value).orElse(layer.digest().hex().substring(0, 12)) + ".sif")).toAbsolutePath();
    try {
      Path blobs = Files.createDirectories(request.cache().resolve("blobs").resolve("sha256"));
      Path cached = blobs.resolve(layer.digest().hex());
      long downloaded = 0;
      if (!Files.isRegularFile(cached) || Files.size(cached) != layer.size()) {
        Path partial = blobs.resolve(layer.digest().hex() + ".partial");
        downloaded = layer.size() >= rangedFrom && !Files.exists(partial) && isWeb(layer.url())
            && RangedDownload.supported(http, layer.url(), layer.size())
            ? ranged(layer, blobs.resolve(layer.digest().hex() + ".ranged"), cached, request)
            : download(layer, partial, cached, request);
      }
      place(cached, output);
      return new PullResult(output, layer.digest(), layer.size(), layer.url(), downloaded);
    } catch (IOException e) {
      throw new SkiffException(ref.shortName() + ": " + IoMessages.describe(e), e);
    }
  }

  /** The one layer of a manifest: the SIF image. */
  record Layer(Digest digest, long size, URI url) {}

  private Layer manifest(PullReference ref, Tag tag) throws SkiffException, InterruptedException {
    URI url = ref.site().resolve(ref.namespace() + "/manifests/" + tag + "/");
    Optional<JsonNode> manifest = getJson(url, ref);
    if (manifest.isEmpty()) {
      List<String> tags = tags(ref);
      throw new SkiffException(ref.namespace() + " has no tag " + tag + " at " + ref.site() + "; its tags: "
          + (tags.isEmpty() ? "none" : String.join(", ", tags)));
    }
    JsonNode layer = manifest.get().path("layers").path(0);
    try {
      Digest digest = Digest.parse(layer.path("digest").asText(""));
      long size = layer.path("size").asLong(0);
      String blob = layer.path("urls").path(0).asText("");
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
    JsonNode list = getJson(url, ref).orElseThrow(() -> new SkiffException(ref.site() + " has no namespace "
        + ref.namespace() + " (" + url + " answered 404)"));
    List<String> tags = new ArrayList<>();
    list.path("tags").forEach(tag -> tags.add(tag.asText()));
    return tags;
  }

  /** The JSON at a URL of the site, or empty on 404. */
  private Optional<JsonNode> getJson(URI url, PullReference ref) throws SkiffException, InterruptedException {
    HttpResponse<String> response;
    try {
      response = retry.call(() -> http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString()), HttpResponse::statusCode, HttpResponse::headers);
    } catch (IOException e) {
      throw new SkiffException(url + ": cannot be reached (" + IoMessages.describe(e) + ")", e);
    }
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new SkiffException(url + " answered " + response.statusCode());
    }
    try {
      return Optional.of(JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new SkiffException(url + " did not answer JSON; is " + ref.site() + " a Skiff or registry-org site?");
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
   * Downloads into {@code partial}, continuing what it holds, and moves it to {@code cached} once
   * its size and sha256 are the recorded ones; deletes it when they are not.
   *
   * @return the bytes fetched by this pull
   */
  private long download(Layer layer, Path partial, Path cached, PullRequest request)
      throws SkiffException, IOException, InterruptedException {
    long fetched = 0;
    IOException last = null;
    // The sha256 is taken as the bytes arrive; a partial file from an earlier pull is read once first.
    MessageDigest sha256 = Digest.newSha256();
    long hashed = 0;
    if (Files.exists(partial) && Files.size(partial) <= layer.size()) {
      hashed = update(sha256, partial);
    }
    for (int attempt = 1; attempt <= retry.attempts() + 2; attempt++) {
      long have = Files.exists(partial) ? Files.size(partial) : 0;
      if (have > layer.size() || have != hashed) {
        Files.deleteIfExists(partial);
        sha256.reset();
        hashed = 0;
        have = 0;
      }
      if (have == layer.size()) {
        break;
      }
      Opened opened;
      try {
        opened = open(layer, have);
      } catch (HttpTimeoutException e) {
        throw new SkiffException(layer.url() + " did not answer within " + TIMEOUT.toSeconds() + " s", e);
      } catch (IOException e) {
        last = e;
        continue;
      }
      boolean resumed = have > 0 && opened.continues();
      if (!resumed) {
        sha256.reset();
        hashed = 0;
      }
      try (InputStream body = StallGuard.watch(opened.body(), stallPatience); OutputStream out = Files.newOutputStream(partial,
          StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        long done = resumed ? have : 0;
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = body.read(buffer)) > 0; ) {
          if (done + n > layer.size()) {
            break; // more than recorded: the check below refuses it
          }
          out.write(buffer, 0, n);
          sha256.update(buffer, 0, n);
          hashed += n;
          done += n;
          fetched += n;
          request.progress().progress(done, layer.size());
        }
      } catch (IOException e) {
        last = e; // cut off: the next attempt continues from what arrived
        continue;
      }
      if (Files.size(partial) >= layer.size() || !opened.continues()) {
        break;
      }
    }
    if (!Files.exists(partial) || Files.size(partial) != layer.size()) {
      long have = Files.exists(partial) ? Files.size(partial) : 0;
      if (last != null && have < layer.size()) {
        throw new SkiffException(layer.url() + ": the download broke off at " + have + " of " + layer.size()
            + " bytes (" + IoMessages.describe(last) + "); run again to continue it", last);
      }
      Files.deleteIfExists(partial);
      throw new SkiffException(layer.url() + " sent " + have + " bytes where the registry records " + layer.size()
          + "; nothing was kept");
    }
    keep(partial, Digest.of(sha256.digest()), layer, cached);
    return fetched;
  }

  /** How long a download may go without a byte before it is dropped and continued; a minute unless a test says. */
  PullClient stallPatience(Duration patience) {
    this.stallPatience = patience;
    return this;
  }

  /** A blob's bytes from an offset: {@code continues} when they start at that offset, not at 0. */
  private record Opened(InputStream body, boolean continues) {}

  /**
   * The blob's bytes from {@code have} on: over HTTP (from 0 again when the server ignores the
   * range), or through the store's own access for a store's URL and for a bucket that refuses
   * anonymous reads, when the caller gave a way to read private blobs.
   */
  private Opened open(Layer layer, long have) throws SkiffException, IOException, InterruptedException {
    if (!isWeb(layer.url())) {
      return new Opened(privateBlobs.orElseThrow().open(layer.url(), layer.digest(), have).orElseThrow(() ->
          new SkiffException(layer.url() + ": no storage reads this URL")), true);
    }
    HttpRequest.Builder get = HttpRequest.newBuilder(layer.url()).timeout(TIMEOUT).GET();
    if (have > 0) {
      get.header("Range", "bytes=" + have + "-");
    }
    HttpResponse<InputStream> response = http.send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
    String continued = "bytes " + have + "-";
    boolean resumed = response.statusCode() == 206 && response.headers().firstValue("Content-Range")
        .filter(range -> range.startsWith(continued)).isPresent();
    if ((response.statusCode() == 401 || response.statusCode() == 403) && privateBlobs.isPresent()) {
      response.body().close();
      Optional<InputStream> body = privateBlobs.get().open(layer.url(), layer.digest(), have);
      if (body.isPresent()) {
        return new Opened(body.get(), true);
      }
      throw new SkiffException(layer.url() + " answered " + response.statusCode() + " and is no bucket's URL that"
          + " skiff reads with credentials");
    }
    if (response.statusCode() != 200 && !(have > 0 && resumed)) {
      response.body().close();
      throw new SkiffException(layer.url() + " answered " + response.statusCode() + " for the image"
          + (response.statusCode() == 403 ? "; a private bucket? skiff pull reads s3:// and gs:// buckets with the"
          + " environment's credentials" : ""));
    }
    return new Opened(response.body(), resumed);
  }

  private static boolean isWeb(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("https") || scheme.equals("http");
  }

  /** Several ranges side by side; a part cut off continues where it stopped, now or in a later pull. */
  private long ranged(Layer layer, Path file, Path cached, PullRequest request)
      throws SkiffException, IOException, InterruptedException {
    long fetched;
    try {
      fetched = new RangedDownload(http, layer.url(), layer.size(), file, stallPatience).fetch(RANGES,
          retry.attempts() + 2, request.progress());
    } catch (IOException e) {
      throw new SkiffException(layer.url() + ": the download broke off (" + IoMessages.describe(e)
          + "); run again to continue it", e);
    }
    // Ranges arrive out of order: the sha256 is taken once they are all there.
    MessageDigest sha256 = Digest.newSha256();
    update(sha256, file);
    keep(file, Digest.of(sha256.digest()), layer, cached);
    return fetched;
  }

  /** Moves a downloaded blob into the cache when its sha256 is the recorded one; deletes it when not. */
  private static void keep(Path downloaded, Digest actual, Layer layer, Path cached) throws SkiffException, IOException {
    if (!actual.equals(layer.digest())) {
      Files.delete(downloaded);
      throw new SkiffException(layer.url() + " has sha256 " + actual + ", not the recorded " + layer.digest()
          + "; nothing was kept");
    }
    Files.move(downloaded, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    // Pulled images are hard links to it: read-only, so that writing to one cannot change the cache.
    cached.toFile().setReadOnly();
  }

  /** Adds a file's bytes to a digest; returns how many there were. */
  private static long update(MessageDigest digest, Path file) throws IOException {
    long count = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        count += n;
      }
    }
    return count;
  }


  /**
   * Puts the cached blob at the output, whole or not at all: a hard link where the file system
   * allows (the cache's file is read-only), else a copy.
   */
  private static void place(Path cached, Path output) throws IOException {
    Path folder = output.getParent();
    Files.createDirectories(folder);
    Path partial = folder.resolve("." + output.getFileName() + ".skiff-part");
    Files.deleteIfExists(partial);
    try {
      try {
        Files.createLink(partial, cached);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(cached, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
