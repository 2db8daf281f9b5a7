package dev.skiff.builders.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.sif.SifFile;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.SkiffException;
import dev.skiff.testing.BuilderHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote builder against a stand-in for a Sylabs remote build service (no such service runs
 * offline): submit, output stream, status polls, cancel, and the image from the library.
 */
class RemoteBuilderAgainstSylabsStandInIT {
  @TempDir
  Path repo;

  @TempDir
  Path work;

  SylabsBuildServiceStandIn service;
  BuilderHarness harness;

  @BeforeEach
  void start() throws Exception {
    service = new SylabsBuildServiceStandIn(work);
    harness = new BuilderHarness(new RemoteBuilderFactory(), repo, work);
    harness.write("Singularity", "Bootstrap: docker\nFrom: centos:7\n%post\n  yum -y install git\n");
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  Builder builder(Map<String, String> extra) throws Exception {
    Map<String, String> settings = new HashMap<>(Map.of("builder.remote.url", service.url().toString(),
        "builder.remote.library", service.url().toString()));
    settings.putAll(extra);
    return harness.builder(settings, Map.of("SKIFF_BUILDER_REMOTE_TOKEN", SylabsBuildServiceStandIn.TOKEN));
  }

  @Test
  void buildsRemotelyAndDownloadsTheCheckedImage() throws Exception {
    Path image = ((BuildResult.LocalImage) harness.build(builder(Map.of()), "Singularity")).file();
    assertThat(Files.readAllBytes(image)).isEqualTo(service.image());
    assertThat(SifFile.read(image).primaryPartition()).isNotNull();
    assertThat(harness.log).contains("remote build b1 submitted, pushing to library://myorg/tools/tools:latest",
        "INFO:    Creating SIF file...", "INFO:    Build complete");
    assertThat(service.authorizations).allMatch(a -> a.equals("BEARER " + SylabsBuildServiceStandIn.TOKEN));
  }

  @Test
  void aFailedBuildEndsWithItsLastLines() throws Exception {
    harness.write("Singularity.bad", "Bootstrap: docker\nFrom: centos:7\n# stand-in: fail\n");
    assertThatThrownBy(() -> harness.build(builder(Map.of()), "Singularity.bad")).isInstanceOf(SkiffException.class)
        .hasMessage("Singularity.bad: the remote build b1 failed: INFO:    Starting build... | INFO:    Running post"
            + " scriptlet | FATAL:   While performing build: conveyor failed");
  }

  @Test
  void aBuildPastItsTimeoutIsCancelled() throws Exception {
    harness.write("Singularity.slow", "Bootstrap: docker\nFrom: centos:7\n# stand-in: hang\n");
    assertThatThrownBy(() -> harness.build(builder(Map.of("builder.remote.timeout", "2s")), "Singularity.slow"))
        .hasMessage("Singularity.slow: the remote build b1 did not finish within PT2S; it was cancelled (raise"
            + " builder.remote.timeout)");
    assertThat(service.cancelled).containsExactly("b1");
  }

  @Test
  void anInterruptedRunCancelsItsBuild() throws Exception {
    harness.write("Singularity.slow", "Bootstrap: docker\nFrom: centos:7\n# stand-in: hang\n");
    Builder builder = builder(Map.of());
    Thread run = new Thread(() -> {
      try {
        harness.build(builder, "Singularity.slow");
      } catch (Exception expected) {
        // interrupted
      }
    });
    run.start();
    assertThat(service.watched.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("the build was submitted").isTrue();
    run.interrupt();
    run.join(10_000);
    assertThat(service.cancelled).containsExactly("b1");
  }

  @Test
  void anImageWhoseChecksumDisagreesIsRefused() throws Exception {
    harness.write("Singularity.sum", "Bootstrap: docker\nFrom: centos:7\n# stand-in: badsum\n");
    assertThatThrownBy(() -> harness.build(builder(Map.of()), "Singularity.sum"))
        .hasMessageContaining("the image of library://myorg/tools/tools:sum has sha256:")
        .hasMessageContaining(", but the build reported sha256:");
  }

  @Test
  void aRefusedTokenIsOneLineWithoutTheToken() throws Exception {
    Builder wrong = harness.builder(Map.of("builder.remote.url", service.url().toString(), "builder.remote.library",
        service.url().toString()), Map.of("SKIFF_BUILDER_REMOTE_TOKEN", "wrong-token"));
    assertThatThrownBy(() -> harness.build(wrong, "Singularity"))
        .hasMessage("build service " + service.url() + ": the token was refused (401) submitting the build; check"
            + " SKIFF_BUILDER_REMOTE_TOKEN")
        .hasMessageNotContaining("wrong-token");
  }

  @Test
  void aMissingTokenFailsBeforeAnythingIsSubmitted() {
    assertThatThrownBy(() -> harness.builder(Map.of(), Map.of()))
        .hasMessage("builder 'remote' needs the build service's token in SKIFF_BUILDER_REMOTE_TOKEN (from the CI's"
            + " secret store)");
  }

  @Test
  void aServiceThatAnswersGarbageIsOneLine() throws Exception {
    service.garbage = true;
    assertThatThrownBy(() -> harness.build(builder(Map.of()), "Singularity"))
        .hasMessage("build service " + service.url() + ": submitting the build answered something that is not a build"
            + " service's JSON: <html>maintenance</html>");
  }
}
