package dev.skiff.cloudbuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.cloudbuild.v1.CloudBuild;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.skiff.model.Digest;
import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.SkiffException;
import dev.skiff.testing.BuilderHarness;
import dev.skiff.testing.TestImages;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Cloud Build builder against a stand-in of Cloud Build v1 (request shapes from the generated
 * model classes) and Google's in-memory Cloud Storage: success with the image already stored, a
 * failed build with its log tail, a timeout that cancels the build, and a result whose checksum
 * disagrees.
 */
class CloudBuildAgainstStandInIT {
  @TempDir
  Path repo;

  @TempDir
  Path work;

  com.google.cloud.storage.Storage gcs;
  CloudBuildStandIn service;
  BuilderHarness harness;
  byte[] image;

  @BeforeEach
  void start() throws Exception {
    gcs = LocalStorageHelper.getOptions().getService();
    image = TestImages.sif(work.resolve("cloud.sif"), "Bootstrap: docker\n", 1);
    service = new CloudBuildStandIn(gcs, image);
    harness = new BuilderHarness(new CloudBuildBuilderFactory(), repo, work).storage(URI.create("gs://images/lab"));
    harness.write("centos/Singularity", "Bootstrap: docker\nFrom: centos:7\n%files\n  motd /etc/motd\n");
    harness.write("centos/motd", "hello\n");
  }

  @AfterEach
  void stop() {
    service.close();
  }

  Builder builder(Duration timeout) {
    CloudBuild api = new CloudBuild.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), request -> { })
        .setRootUrl(service.url().toString()).setApplicationName("skiff-test").build();
    BucketLocation staging = new BucketLocation("gs", "staging", "skiff");
    return new CloudBuildBuilder(api, gcs, "lab-project", staging, "ghcr.io/apptainer/apptainer:1.4.1", timeout);
  }

  @Test
  void buildsInTheCloudAndHandsOverTheStoredImage() throws Exception {
    BuildResult result = harness.build(builder(Duration.ofMinutes(1)), "centos/Singularity");
    Digest digest = Digest.sha256(image);
    assertThat(result).isEqualTo(new BuildResult.StoredImage(
        new dev.skiff.spi.BlobKey(dev.skiff.model.Namespace.parse("myorg/tools"), digest), image.length, digest));
    assertThat(gcs.readAllBytes(com.google.cloud.storage.BlobId.of("images", "lab/myorg/tools/" + digest.hex() + ".sif")))
        .isEqualTo(image);
    assertThat(harness.log).contains("cloud build build-1 started in project lab-project",
        "Step #0 - \"build\": INFO:    Build complete: image.sif");
  }

  @Test
  void aFailedBuildEndsWithItsLogTail() throws Exception {
    harness.write("centos/Singularity.bad", "Bootstrap: docker\nFrom: centos:7\n# stand-in: fail\n");
    assertThatThrownBy(() -> harness.build(builder(Duration.ofMinutes(1)), "centos/Singularity.bad"))
        .isInstanceOf(SkiffException.class)
        .hasMessageStartingWith("centos/Singularity.bad: cloud build build-1 ended FAILURE (Build step failure: build"
            + " step 0 failed): ")
        .hasMessageContaining("FATAL:   While performing build: conveyor failed");
  }

  @Test
  void aBuildPastItsTimeoutIsCancelled() throws Exception {
    harness.write("centos/Singularity.slow", "Bootstrap: docker\nFrom: centos:7\n# stand-in: hang\n");
    assertThatThrownBy(() -> harness.build(builder(Duration.ofSeconds(2)), "centos/Singularity.slow"))
        .hasMessage("centos/Singularity.slow: cloud build build-1 did not finish within PT2S; it was cancelled (raise"
            + " builder.cloudbuild.timeout)");
    assertThat(service.cancelled).containsExactly("build-1");
  }

  @Test
  void anInterruptedRunCancelsItsBuild() throws Exception {
    harness.write("centos/Singularity.slow", "Bootstrap: docker\nFrom: centos:7\n# stand-in: hang\n");
    Builder builder = builder(Duration.ofMinutes(1));
    java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
    Thread run = new Thread(() -> {
      try {
        harness.build(builder, "centos/Singularity.slow");
      } catch (Throwable e) {
        outcome.set(e);
      }
    });
    run.start();
    // Interrupt once the build exists in the cloud, as a cancelled CI job's shutdown hook would.
    harness.awaitLog("cloud build build-1 started", Duration.ofSeconds(60));
    run.interrupt();
    run.join(10_000);
    assertThat(run.isAlive()).isFalse();
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    assertThat(service.cancelled).containsExactly("build-1");
  }

  @Test
  void aResultWhoseChecksumDisagreesIsRefused() throws Exception {
    harness.write("centos/Singularity.sum", "Bootstrap: docker\nFrom: centos:7\n# stand-in: badsum\n");
    assertThatThrownBy(() -> harness.build(builder(Duration.ofMinutes(1)), "centos/Singularity.sum"))
        .hasMessageContaining("cloud build build-1 reported sha256:" + Digest.sha256(image).hex() + ", but gs://images/lab/")
        .hasMessageContaining("records sha256 " + Digest.sha256(new byte[] {1}).hex());
  }

  @Test
  void aRunWhoseStorageIsNotCloudStorageIsRefused() {
    harness.storage(URI.create("s3://bucket/images"));
    assertThatThrownBy(() -> harness.build(builder(Duration.ofMinutes(1)), "centos/Singularity"))
        .hasMessage("centos/Singularity: builder 'cloudbuild' stores images in Cloud Storage itself, but the run's"
            + " storage is s3://bucket/images; use gs:// storage");
  }

  @Test
  void missingSettingsAndCredentialsFailBeforeAnythingIsStaged() {
    assertThatThrownBy(() -> harness.builder(Map.of(), Map.of()))
        .hasMessage("builder 'cloudbuild' needs the project that runs the builds: set builder.cloudbuild.project");
    assertThatThrownBy(() -> harness.builder(Map.of("builder.cloudbuild.project", "p"), Map.of()))
        .hasMessageStartingWith("builder 'cloudbuild' needs a staging bucket");
    assertThatThrownBy(() -> harness.builder(Map.of("builder.cloudbuild.project", "p", "builder.cloudbuild.staging",
        "gs://staging/skiff"), Map.of("NO_GCE_CHECK", "true")))
        .hasMessageStartingWith("builder 'cloudbuild' has no usable Google credentials");
  }
}
