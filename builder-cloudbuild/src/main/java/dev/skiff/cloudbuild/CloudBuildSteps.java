package dev.skiff.cloudbuild;

import com.google.api.services.cloudbuild.v1.model.Build;
import com.google.api.services.cloudbuild.v1.model.BuildOptions;
import com.google.api.services.cloudbuild.v1.model.BuildStep;
import com.google.api.services.cloudbuild.v1.model.Source;
import com.google.api.services.cloudbuild.v1.model.StorageSource;
import dev.skiff.model.Namespace;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.ObjectConventions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The Cloud Build of one recipe: build the image with an Apptainer builder image, compute its
 * sha256, copy it into the run's bucket under its content-addressed key (create-only) and leave
 * the digest where Skiff reads it.
 */
final class CloudBuildSteps {
  static final String IMAGE = "image.sif";
  static final String DIGEST_FILE = "sha256.txt";

  private CloudBuildSteps() {}

  /**
   * @param source the staged source archive
   * @param recipeFile the recipe's file name inside the archive
   * @param target the run's storage (a gs:// bucket and prefix)
   * @param namespace the image's namespace
   * @param staging where logs and the digest file go
   */
  static Build build(StorageSource source, String recipeFile, String builderImage, BucketLocation target,
      Namespace namespace, BucketLocation staging, Instant sourceDate, Duration timeout) {
    String key = target.describe(BlobKey.path(namespace, "$$(cat " + DIGEST_FILE + ")"));
    String digestObject = staging.describe("$BUILD_ID/" + DIGEST_FILE);
    BuildStep apptainer = new BuildStep().setName(builderImage).setId("build")
        .setArgs(List.of("build", "--force", IMAGE, recipeFile))
        .setEnv(List.of("SOURCE_DATE_EPOCH=" + sourceDate.getEpochSecond()));
    BuildStep sha256 = new BuildStep().setName("gcr.io/cloud-builders/gsutil").setId("sha256").setEntrypoint("bash")
        .setArgs(List.of("-c", "sha256sum " + IMAGE + " | cut -d' ' -f1 | tr -d '\\n' > " + DIGEST_FILE));
    BuildStep copy = new BuildStep().setName("gcr.io/cloud-builders/gsutil").setId("store").setEntrypoint("bash")
        .setArgs(List.of("-c", "set -euo pipefail; "
            + "gsutil -h 'x-goog-meta-" + ObjectConventions.DIGEST_METADATA + ":'$$(cat " + DIGEST_FILE + ")"
            + " -h 'Cache-Control:" + ObjectConventions.CACHE_CONTROL + "'"
            + " -h 'Content-Type:" + ObjectConventions.CONTENT_TYPE + "'"
            + " cp -n " + IMAGE + " \"" + key + "\"; "
            + "gsutil cp " + DIGEST_FILE + " \"" + digestObject + "\""));
    return new Build()
        .setSource(new Source().setStorageSource(source))
        .setSteps(List.of(apptainer, sha256, copy))
        .setTimeout(timeout.toSeconds() + "s")
        .setLogsBucket(staging.describe("logs"))
        .setOptions(new BuildOptions().setLogging("GCS_ONLY"))
        .setTags(List.of("skiff"));
  }
}
