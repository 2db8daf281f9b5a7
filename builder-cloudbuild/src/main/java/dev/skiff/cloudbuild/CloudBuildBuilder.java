package dev.skiff.cloudbuild;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.cloudbuild.v1.CloudBuild;
import com.google.api.services.cloudbuild.v1.model.Build;
import com.google.api.services.cloudbuild.v1.model.CancelBuildRequest;
import com.google.api.services.cloudbuild.v1.model.Operation;
import com.google.api.services.cloudbuild.v1.model.StorageSource;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.skiff.model.Digest;
import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.Recipe;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.BucketNaming;
import dev.skiff.spi.BuildRequest;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.ObjectConventions;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.BuildPolling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Builds on Google Cloud Build: stages the recipe's folder, creates a build that builds the image
 * with Apptainer, hashes it and copies it into the run's bucket under its content-addressed key,
 * relays the build's log, polls with backoff until a terminal status (cancelling it at the deadline
 * or on interrupt), and hands the pipeline the stored object, which is not downloaded again.
 */
final class CloudBuildBuilder implements Builder {
  private static final Set<String> TERMINAL = Set.of("SUCCESS", "FAILURE", "INTERNAL_ERROR", "TIMEOUT", "CANCELLED",
      "EXPIRED");
  private static final Duration MAX_POLL = Duration.ofSeconds(15);
  private static final int TAIL = 3;

  private final CloudBuild api;
  private final Storage gcs;
  private final String project;
  private final BucketLocation staging;
  private final String builderImage;
  private final Duration timeout;

  CloudBuildBuilder(CloudBuild api, Storage gcs, String project, BucketLocation staging,
      String builderImage, Duration timeout) {
    this.api = api;
    this.gcs = gcs;
    this.project = project;
    this.staging = staging;
    this.builderImage = builderImage;
    this.timeout = timeout;
  }

  @Override
  public BuildResult build(BuildRequest request) throws SkiffException, IOException, InterruptedException {
    Recipe recipe = request.recipe();
    if (!"gs".equals(request.storage().getScheme())) {
      throw new SkiffException(recipe.path() + ": builder 'cloudbuild' stores images in Cloud Storage itself, but the"
          + " run's storage is " + request.storage() + "; use gs:// storage");
    }
    BucketLocation target = BucketLocation.parse(request.storage(), BucketNaming.GCS);
    Path archive = request.outputDir().resolve("source.tgz");
    SourceArchive.write(recipe.folder(), archive);
    String sourceName = (staging.prefix().isEmpty() ? "" : staging.prefix() + "/") + "source/" + UUID.randomUUID()
        + ".tgz";
    try {
      gcs.createFrom(BlobInfo.newBuilder(BlobId.of(staging.bucket(), sourceName)).build(), archive);
    } catch (StorageException e) {
      throw new SkiffException("builder 'cloudbuild': cannot stage the source in " + staging
          + ": " + e.getCode() + " " + e.getMessage(), e);
    }
    Build definition = CloudBuildSteps.build(new StorageSource().setBucket(staging.bucket()).setObject(sourceName),
        recipe.file().getFileName().toString(), builderImage, target, request.namespace(), staging,
        request.sourceDate(), timeout);
    String id = create(definition, recipe);
    request.log().line("cloud build " + id + " started in project " + project);
    LogRelay logs = new LogRelay(request);
    Build ended = awaitEnd(id, recipe, logs);
    logs.relay(id);
    if (!"SUCCESS".equals(ended.getStatus())) {
      throw new SkiffException(recipe.path() + ": cloud build " + id + " ended " + ended.getStatus()
          + (ended.getStatusDetail() != null ? " (" + ended.getStatusDetail() + ")" : "") + ": " + logs.tail());
    }
    return stored(id, target, request, recipe);
  }

  private String create(Build definition, Recipe recipe) throws SkiffException, IOException {
    try {
      Operation operation = api.projects().builds().create(project, definition).execute();
      Object build = operation.getMetadata() == null ? null : operation.getMetadata().get("build");
      Object id = build instanceof Map<?, ?> map ? map.get("id") : null;
      if (id == null) {
        throw new SkiffException(recipe.path() + ": Cloud Build answered an operation without a build id");
      }
      return id.toString();
    } catch (GoogleJsonResponseException e) {
      throw refused(e, "creating the build");
    }
  }

  private Build awaitEnd(String id, Recipe recipe, LogRelay logs)
      throws SkiffException, IOException, InterruptedException {
    return BuildPolling.until(() -> {
      try {
        Build build = api.projects().builds().get(project, id).execute();
        logs.relay(id);
        return build;
      } catch (GoogleJsonResponseException e) {
        throw refused(e, "reading the build's status");
      }
    }, build -> TERMINAL.contains(build.getStatus()), timeout, MAX_POLL, () -> cancel(id),
        () -> new SkiffException(recipe.path() + ": cloud build " + id + " did not finish within " + timeout
            + "; it was cancelled (raise builder.cloudbuild.timeout)"));
  }

  private void cancel(String id) throws IOException {
    api.projects().builds().cancel(project, id, new CancelBuildRequest().setId(id).setProjectId(project)).execute();
  }

  /** The image the build stored, checked: its digest file, and the object under that digest's key. */
  private BuildResult stored(String id, BucketLocation target, BuildRequest request, Recipe recipe)
      throws SkiffException {
    String digestName = (staging.prefix().isEmpty() ? "" : staging.prefix() + "/") + id + "/"
        + CloudBuildSteps.DIGEST_FILE;
    Blob digestFile = gcs.get(BlobId.of(staging.bucket(), digestName));
    if (digestFile == null) {
      throw new SkiffException(recipe.path() + ": cloud build " + id + " succeeded but left no digest at gs://"
          + staging.bucket() + "/" + digestName);
    }
    Digest digest;
    try {
      digest = new Digest(new String(digestFile.getContent(), StandardCharsets.US_ASCII).strip());
    } catch (InvalidReferenceException e) {
      throw new SkiffException(recipe.path() + ": cloud build " + id + " left a digest that is not a sha256: "
          + e.getMessage());
    }
    BlobKey key = new BlobKey(request.namespace(), digest);
    String where = target.describe(key);
    Blob image = gcs.get(BlobId.of(target.bucket(), target.key(key)));
    if (image == null) {
      throw new SkiffException(recipe.path() + ": cloud build " + id + " reported " + digest + ", but " + where
          + " does not exist");
    }
    String recorded = image.getMetadata() == null ? null : image.getMetadata().get(ObjectConventions.DIGEST_METADATA);
    if (!digest.hex().equals(recorded)) {
      throw new SkiffException(recipe.path() + ": cloud build " + id + " reported " + digest + ", but " + where
          + " records sha256 " + recorded);
    }
    return new BuildResult.StoredImage(key, image.getSize(), digest);
  }

  private SkiffException refused(GoogleJsonResponseException e, String doing) {
    int status = e.getStatusCode();
    String hint = status == 401 || status == 403
        ? "; the credentials need the Cloud Build Editor role on project " + project : "";
    return new SkiffException("builder 'cloudbuild': " + doing + " in project " + project + " failed: " + status
        + (e.getDetails() != null && e.getDetails().getMessage() != null ? " " + e.getDetails().getMessage() : "")
        + hint, e);
  }

  /** Relays the lines of the build's log object that were not relayed yet, and keeps the last ones. */
  private final class LogRelay {
    private final BuildRequest request;
    private final List<String> tail = new ArrayList<>();
    private int relayed;

    LogRelay(BuildRequest request) {
      this.request = request;
    }

    void relay(String id) {
      String name = (staging.prefix().isEmpty() ? "" : staging.prefix() + "/") + "logs/log-" + id + ".txt";
      Blob log;
      try {
        log = gcs.get(BlobId.of(staging.bucket(), name));
      } catch (StorageException e) {
        return; // the log is a courtesy; the status decides
      }
      if (log == null) {
        return;
      }
      String[] lines = new String(log.getContent(), StandardCharsets.UTF_8).split("\n");
      for (; relayed < lines.length; relayed++) {
        request.log().line(lines[relayed]);
        tail.add(lines[relayed]);
        if (tail.size() > TAIL) {
          tail.remove(0);
        }
      }
    }

    String tail() {
      return tail.isEmpty() ? "(no log)" : String.join(" | ", tail);
    }
  }
}
