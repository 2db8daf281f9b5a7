package dev.skiff.storage.oci;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.ConfigurationException;
import dev.skiff.spi.ListedObject;
import dev.skiff.spi.ProgressListener;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.PutResult;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StorageException;
import dev.skiff.spi.StoredBlob;
import dev.skiff.support.InertText;
import dev.skiff.support.IoMessages;
import dev.skiff.support.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Images in an OCI registry, pushed as {@code apptainer push oras://} pushes a SIF: the image as
 * the one layer ({@code application/vnd.sylabs.sif.layer.v1.sif}) of a manifest whose config is
 * {@code application/vnd.sylabs.sif.config.v1+json} {@code {}}, in the repository
 * {@code PREFIX/OWNER/NAME}, tagged with the Skiff tag (so that {@code apptainer pull
 * oras://HOST/PREFIX/OWNER/NAME:TAG} works) and with {@code sha256-HEX}, the image's own tag, by
 * which Skiff finds every image it stored. A blob the registry has is not sent again; a small one
 * goes up in one request, a large one in chunks; the registry checks the digest of what arrived
 * before it accepts a blob, and a tag is written only after its blobs are whole.
 */
final class OciStorage implements Storage {
  static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String CONFIG_TYPE = "application/vnd.sylabs.sif.config.v1+json";
  static final String LAYER_TYPE = "application/vnd.sylabs.sif.layer.v1.sif";
  static final byte[] CONFIG = "{}".getBytes(StandardCharsets.US_ASCII);
  static final String TITLE = "org.opencontainers.image.title";
  static final String CREATED = "org.opencontainers.image.created";
  /** The tag each image gets after its digest, as signatures' tools name theirs. */
  static final String DIGEST_TAG = "sha256-";
  private static final Pattern DIGEST_TAG_PATTERN = Pattern.compile("sha256-([0-9a-f]{64})");
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"?next\"?");

  private final OciLocation location;
  private final OciHttp http;
  private final long chunkSize;
  /**
   * A repository known to hold each blob this storage saw or sent: a blob another repository of the
   * registry holds is mounted from there, not sent again.
   */
  private final Map<Digest, String> holders = new ConcurrentHashMap<>();

  OciStorage(OciLocation location, OciHttp http, long chunkSize) {
    this.location = location;
    this.http = http;
    this.chunkSize = chunkSize;
  }

  private String repository(BlobKey key) throws ConfigurationException {
    return location.repository(key.namespace());
  }

  private static String pullScope(String repository) {
    return "repository:" + repository + ":pull";
  }

  private static String pushScope(String repository) {
    return "repository:" + repository + ":pull,push";
  }

  private URI api(String path) {
    return location.api().resolve(path);
  }

  @Override
  public Optional<StoredBlob> stat(BlobKey key) throws SkiffException, IOException, InterruptedException {
    String repository = repository(key);
    HttpResponse<Void> head = http.send(HttpRequest.newBuilder(api(repository + "/blobs/" + key.digest()))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()), pullScope(repository), HttpResponse.BodyHandlers.discarding());
    if (head.statusCode() == 404) {
      return Optional.empty();
    }
    expect(head, 200, "checking " + describe(key));
    holders.put(key.digest(), repository);
    long size = head.headers().firstValueAsLong("Content-Length").orElseThrow(() -> new StorageException(
        describe(key) + ": the registry gave no size"));
    return Optional.of(new StoredBlob(key, size));
  }

  @Override
  public PutResult put(PutRequest request) throws SkiffException, IOException, InterruptedException {
    BlobKey key = request.key();
    String repository = repository(key);
    Optional<StoredBlob> present = stat(key);
    boolean uploaded = false;
    if (present.isEmpty()) {
      uploaded = upload(repository, key.digest(), UploadContent.of(request.file()), request.size(), request.progress(),
          describe(key));
    }
    ensureConfig(key.namespace(), repository);
    // The tags go last: a tag never names an image whose bytes are not all there.
    byte[] manifest = manifest(key, request.size(), request.metadata().get("tag"));
    putManifest(repository, DIGEST_TAG + key.digest().hex(), manifest, key);
    String tag = request.metadata().get("tag");
    if (tag != null && !tag.isBlank()) {
      putManifest(repository, tag, manifest, key);
    }
    StoredBlob stored = stat(key).orElseThrow(() -> new StorageException(describe(key)
        + ": the registry accepted the upload but does not have the blob"));
    if (stored.size() != request.size()) {
      throw new StorageException(describe(key) + ": the registry holds " + stored.size() + " bytes, not the "
          + request.size() + " sent");
    }
    return new PutResult(stored, uploaded);
  }

  /** The manifest {@code apptainer push oras://} writes, with the time it was pushed. */
  static byte[] manifest(BlobKey key, long size, String tag) {
    String title = key.namespace().name() + "_" + (tag == null || tag.isBlank() ? key.digest().hex().substring(0, 12)
        : tag) + ".sif";
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("mediaType", CONFIG_TYPE);
    config.put("digest", Digest.sha256(CONFIG).toString());
    config.put("size", CONFIG.length);
    Map<String, Object> layer = new LinkedHashMap<>();
    layer.put("mediaType", LAYER_TYPE);
    layer.put("digest", key.digest().toString());
    layer.put("size", size);
    layer.put("annotations", Map.of(TITLE, title));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST_TYPE);
    manifest.put("config", config);
    manifest.put("layers", List.of(layer));
    manifest.put("annotations", Map.of(CREATED, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        .toString()));
    try {
      return JSON.std.asBytes(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The config blob ({@code {}}) every image's manifest names, sent when the repository lacks it. */
  private void ensureConfig(Namespace namespace, String repository)
      throws SkiffException, IOException, InterruptedException {
    if (stat(new BlobKey(namespace, Digest.sha256(CONFIG))).isEmpty()) {
      uploadBytes(repository, Digest.sha256(CONFIG), CONFIG, "the image's config (" + location + "/" + repository + ")");
    }
  }

  /**
   * Tags the image. Two pushes into one repository at once both send the config blob, and while the
   * registry (docker-registry) takes the second copy it can answer that the manifest names a blob
   * it does not know: the config is made sure of and the tag tried again, a few times.
   */
  private void putManifest(String repository, String reference, byte[] manifest, BlobKey key)
      throws SkiffException, IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> put = http.send(HttpRequest.newBuilder(api(repository + "/manifests/" + reference))
          .header("Content-Type", MANIFEST_TYPE).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
          pushScope(repository), HttpResponse.BodyHandlers.ofString());
      if (put.statusCode() == 400 && put.body().contains("MANIFEST_BLOB_UNKNOWN") && attempt < MANIFEST_ATTEMPTS) {
        ensureConfig(key.namespace(), repository);
        continue;
      }
      expect(put, 201, "tagging " + describe(key) + " as " + reference);
      return;
    }
  }

  private static final int MANIFEST_ATTEMPTS = 5;

  /**
   * Sends a blob: in one request when small, else in chunks; the registry checks the digest at the
   * end. A blob another repository holds is mounted instead, where the registry does that. An
   * upload the registry fails or the network cuts off is sent again from its start, in a new
   * session, as the retry policy says.
   *
   * @return whether bytes were sent (not for a mount)
   */
  private boolean upload(String repository, Digest digest, UploadContent content, long size, ProgressListener progress,
      String what) throws SkiffException, IOException, InterruptedException {
    return http.retrying(() -> uploadOnce(repository, digest, content, size, progress, what));
  }

  private boolean uploadOnce(String repository, Digest digest, UploadContent content, long size,
      ProgressListener progress, String what) throws SkiffException, IOException, InterruptedException {
    Optional<Session> started = start(repository, digest);
    if (started.isEmpty()) {
      progress.progress(size, size);
      return false;
    }
    URI session = started.get().uri();
    // The scope the session was opened with, whose token is at hand: a body is not sent to be refused.
    String scope = started.get().scope();
    if (size <= chunkSize) {
      OciHttp.Answer put = http.putOnce(withDigest(session, digest), scope, content, 0, size);
      finish(put.status(), put.headers(), put.body(), what, repository, digest);
      progress.progress(size, size);
      return true;
    }
    for (long offset = 0; offset < size; offset += chunkSize) {
      long length = Math.min(chunkSize, size - offset);
      long from = offset;
      HttpResponse<String> patch = http.sendOnce(HttpRequest.newBuilder(session)
          .header("Content-Type", "application/octet-stream")
          .header("Content-Range", from + "-" + (from + length - 1))
          .method("PATCH", content.publisher(from, length)), scope, HttpResponse.BodyHandlers.ofString());
      String doing = "sending bytes " + from + " to " + (from + length) + " of " + digest;
      failedForNow(patch.statusCode(), patch.headers(), doing);
      expect(patch, 202, doing);
      session = location(patch, session);
      progress.progress(from + length, size);
    }
    HttpResponse<String> put = http.sendOnce(HttpRequest.newBuilder(withDigest(session, digest))
        .PUT(HttpRequest.BodyPublishers.noBody()), scope, HttpResponse.BodyHandlers.ofString());
    finish(put.statusCode(), put.headers(), put.body(), what, repository, digest);
    return true;
  }

  /** An answer another upload may not get (a 5xx, a 429), as a failure to try again. */
  private static void failedForNow(int status, HttpHeaders headers, String doing) throws IOException {
    if (RetryPolicy.retriable(status, headers)) {
      throw new IOException(doing + ": the registry answered " + status);
    }
  }

  private void uploadBytes(String repository, Digest digest, byte[] bytes, String what)
      throws SkiffException, IOException, InterruptedException {
    upload(repository, digest, UploadContent.of(bytes), bytes.length, (done, total) -> { }, what);
  }

  /**
   * Starts an upload: where another repository is known to hold the blob, as a cross-repository
   * mount, which the registry may answer by mounting it (nothing to send) or, where it does not
   * mount, with an ordinary upload session.
   *
   * @return the upload session, or empty when the blob was mounted
   */
  private Optional<Session> start(String repository, Digest digest) throws SkiffException, IOException,
      InterruptedException {
    Optional<String> from = Optional.ofNullable(holders.get(digest)).filter(holder -> !holder.equals(repository));
    String path = repository + "/blobs/uploads/" + from.map(holder -> "?mount=" + digest.toString().replace(":", "%3A")
        + "&from=" + holder).orElse("");
    String scope = pushScope(repository) + from.map(holder -> " " + pullScope(holder)).orElse("");
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(api(path)).POST(HttpRequest.BodyPublishers.noBody()),
        scope, HttpResponse.BodyHandlers.ofString());
    if (from.isPresent() && post.statusCode() == 201) {
      holders.put(digest, repository);
      return Optional.empty();
    }
    expect(post, 202, "starting the upload of " + digest + " to " + location + "/" + repository);
    return Optional.of(new Session(location(post, post.uri()), scope));
  }

  /** An upload under way: where its bytes go, and the scope it was opened with. */
  private record Session(URI uri, String scope) {}

  private void finish(int status, HttpHeaders headers, String body, String what, String repository,
      Digest digest) throws StorageException, IOException {
    failedForNow(status, headers, "finishing the upload of " + what);
    if (status == 400 && body.contains("DIGEST_INVALID")) {
      throw new StorageException(what + ": the registry found that the bytes sent do not have that sha256; nothing"
          + " was published");
    }
    expect(status, body, 201, "finishing the upload of " + what);
    holders.put(digest, repository);
  }

  private static URI withDigest(URI session, Digest digest) {
    String uri = session.toString();
    return URI.create(uri + (uri.contains("?") ? "&" : "?") + "digest=" + digest.toString().replace(":", "%3A"));
  }

  private static URI location(HttpResponse<?> response, URI base) throws StorageException {
    String where = response.headers().firstValue("Location").orElseThrow(() -> new StorageException(
        response.uri().getHost() + " started an upload but gave no Location to send it to"));
    return base.resolve(where);
  }


  @Override
  public InputStream read(BlobKey key, long offset) throws SkiffException, IOException, InterruptedException {
    String repository = repository(key);
    HttpRequest.Builder get = HttpRequest.newBuilder(api(repository + "/blobs/" + key.digest())).GET();
    if (offset > 0) {
      get.header("Range", "bytes=" + offset + "-");
    }
    HttpResponse<InputStream> response = http.send(get, pullScope(repository), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() == 404) {
      response.body().close();
      throw new StorageException(describe(key) + ": no such blob");
    }
    if (response.statusCode() == 200 && offset > 0) {
      InputStream body = response.body();
      body.skipNBytes(offset);
      return body;
    }
    if (response.statusCode() != 200 && response.statusCode() != 206) {
      response.body().close();
      throw new StorageException(describe(key) + ": the registry answered " + response.statusCode());
    }
    return response.body();
  }

  @Override
  public void list(Consumer<ListedObject> each) throws SkiffException, IOException, InterruptedException {
    for (String repository : repositories()) {
      String[] parts = repository.split("/");
      Namespace namespace = Namespace.parse(parts[parts.length - 2] + "/" + parts[parts.length - 1]);
      Set<String> seen = new LinkedHashSet<>();
      for (String tag : tags(repository)) {
        Matcher digestTag = DIGEST_TAG_PATTERN.matcher(tag);
        if (!digestTag.matches() || !seen.add(digestTag.group(1))) {
          continue;
        }
        Optional<Manifest> manifest = manifest(repository, tag);
        if (manifest.isEmpty()) {
          continue;
        }
        BlobKey key = new BlobKey(namespace, Digest.parse("sha256:" + digestTag.group(1)));
        String name = key.path();
        each.accept(ListedObject.of(name, location + "/" + name, manifest.get().size(), manifest.get().created(),
            ListedObject.Kind.OTHER));
      }
    }
  }

  /** What Skiff reads of a manifest: its layer's digest and size, and when it was pushed. */
  private record Manifest(String digest, Digest layer, long size, Instant created) {}

  private Optional<Manifest> manifest(String repository, String reference)
      throws SkiffException, IOException, InterruptedException {
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(api(repository + "/manifests/" + reference))
        .header("Accept", MANIFEST_TYPE).GET(), pullScope(repository), HttpResponse.BodyHandlers.ofString());
    if (get.statusCode() == 404) {
      return Optional.empty();
    }
    expect(get, 200, "reading " + location + "/" + repository + ":" + reference);
    Map<String, Object> json = JSON.std.mapFrom(get.body());
    if (!(json.get("layers") instanceof List<?> layers) || layers.size() != 1
        || !(layers.get(0) instanceof Map<?, ?> layer) || !(layer.get("digest") instanceof String digest)
        || !(layer.get("size") instanceof Number size)) {
      return Optional.empty();
    }
    Instant created = Instant.EPOCH;
    if (json.get("annotations") instanceof Map<?, ?> annotations && annotations.get(CREATED) instanceof String time) {
      try {
        created = Instant.parse(time);
      } catch (DateTimeParseException e) {
        // No time: the oldest, which gc's grace period does not protect.
      }
    }
    String manifestDigest = get.headers().firstValue("Docker-Content-Digest")
        .orElse(Digest.sha256(get.body().getBytes(StandardCharsets.UTF_8)).toString());
    try {
      return Optional.of(new Manifest(manifestDigest, Digest.parse(digest), size.longValue(), created));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private List<String> repositories() throws SkiffException, IOException, InterruptedException {
    List<String> repositories = new ArrayList<>();
    String prefix = location.prefix().isEmpty() ? "" : location.prefix() + "/";
    URI next = api("_catalog?n=1000");
    while (next != null) {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(next).GET(), "registry:catalog:*",
          HttpResponse.BodyHandlers.ofString());
      if (page.statusCode() == 404 || page.statusCode() == 405) {
        throw new StorageException(location + ": the registry does not list its repositories (no _catalog), so"
            + " skiff gc cannot find what to sweep; delete old images in the registry's own interface");
      }
      expect(page, 200, "listing the repositories of " + location);
      if (JSON.std.mapFrom(page.body()).get("repositories") instanceof List<?> names) {
        for (Object name : names) {
          String repository = String.valueOf(name);
          if (repository.startsWith(prefix) && repository.substring(prefix.length()).split("/").length == 2) {
            repositories.add(repository);
          }
        }
      }
      next = page.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find)
          .map(m -> page.uri().resolve(m.group(1))).orElse(null);
    }
    return repositories;
  }

  private List<String> tags(String repository) throws SkiffException, IOException, InterruptedException {
    List<String> tags = new ArrayList<>();
    URI next = api(repository + "/tags/list?n=1000");
    while (next != null) {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(next).GET(), pullScope(repository),
          HttpResponse.BodyHandlers.ofString());
      if (page.statusCode() == 404) {
        return tags;
      }
      expect(page, 200, "listing the tags of " + location + "/" + repository);
      if (JSON.std.mapFrom(page.body()).get("tags") instanceof List<?> names) {
        names.forEach(name -> tags.add(String.valueOf(name)));
      }
      next = page.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find)
          .map(m -> page.uri().resolve(m.group(1))).orElse(null);
    }
    return tags;
  }

  @Override
  public void delete(ListedObject object) throws SkiffException, IOException, InterruptedException {
    BlobKey key = object.blob().orElseThrow(() -> new StorageException(object.where() + ": not an image Skiff stored"));
    String repository = repository(key);
    // Every manifest that names the image goes first, then the image: no tag is left pointing at nothing.
    Set<String> manifests = new LinkedHashSet<>();
    for (String tag : tags(repository)) {
      manifest(repository, tag).filter(m -> m.layer().equals(key.digest())).ifPresent(m -> manifests.add(m.digest()));
    }
    for (String manifest : manifests) {
      deleteAt(repository + "/manifests/" + manifest, repository, object);
    }
    deleteAt(repository + "/blobs/" + key.digest(), repository, object);
  }

  private void deleteAt(String path, String repository, ListedObject object)
      throws SkiffException, IOException, InterruptedException {
    HttpResponse<String> delete = http.send(HttpRequest.newBuilder(api(path)).DELETE(), pushScope(repository)
        .replace("pull,push", "delete,pull,push"), HttpResponse.BodyHandlers.ofString());
    if (delete.statusCode() == 404) {
      return;
    }
    if (delete.statusCode() == 405 || delete.statusCode() == 501) {
      throw new StorageException(object.where() + ": the registry does not let images be deleted through its API"
          + " (GitHub Container Registry: delete the package version on GitHub; docker-registry: storage.delete.enabled)");
    }
    expect(delete, 202, "deleting " + object.where());
  }

  @Override
  public URI publicUrl(BlobKey key) {
    try {
      return api(repository(key) + "/blobs/" + key.digest());
    } catch (ConfigurationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public String describe(BlobKey key) {
    try {
      return "oci://" + location.registry() + "/" + repository(key) + "@" + key.digest() + " (" + key.path() + ")";
    } catch (ConfigurationException e) {
      return location + "/" + key.path();
    }
  }

  private static void expect(HttpResponse<?> response, int status, String doing) throws StorageException {
    expect(response.statusCode(), response.body() instanceof String text ? text : "", status, doing);
  }

  private static void expect(int answered, String body, int status, String doing) throws StorageException {
    if (answered != status && !(status == 201 && answered == 200) && !(status == 202 && answered == 200)) {
      throw new StorageException(doing + ": the registry answered " + answered
          + (body.isBlank() ? "" : " (" + InertText.of(IoMessages.oneLine(body, 200)) + ")"));
    }
  }

  @Override
  public String toString() {
    return location.toString();
  }
}
