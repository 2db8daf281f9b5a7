package dev.skiff.cloudbuild;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.cloudbuild.v1.CloudBuild;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.testing.BuilderContractTest;
import dev.skiff.testing.BuilderHarness;
import dev.skiff.testing.TestImages;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The Cloud Build builder against the builder contract, with the stand-in of Cloud Build v1 and
 * Google's in-memory Cloud Storage of {@link CloudBuildAgainstStandInIT}; the builder is made as
 * its factory makes it, pointed at them.
 */
class CloudBuildMeetsTheContractIT extends BuilderContractTest {
  com.google.cloud.storage.Storage gcs;
  CloudBuildStandIn service;

  @BeforeEach
  void start() throws Exception {
    gcs = LocalStorageHelper.getOptions().getService();
    service = new CloudBuildStandIn(gcs, TestImages.sif(work.resolve("cloud.sif"), "Bootstrap: docker\n", 1));
    harness.storage(URI.create("gs://images/lab"));
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Override
  protected BuilderFactory factory() {
    return new CloudBuildBuilderFactory();
  }

  @Override
  protected Builder createBuilder(Map<String, String> environment) {
    CloudBuild api = new CloudBuild.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), request -> { })
        .setRootUrl(service.url().toString()).setApplicationName("skiff-test").build();
    return new CloudBuildBuilder(api, gcs, "lab-project", new BucketLocation("gs", "staging", "skiff"),
        "ghcr.io/apptainer/apptainer:1.4.1", Duration.ofMinutes(5));
  }

  @Override
  protected Optional<String> notReproducibleBecause() {
    return Optional.of("Apptainer, which Cloud Build runs, writes a random id and the time of the build into every SIF");
  }

  @Override
  protected String writeRecipe(BuilderHarness harness) throws Exception {
    harness.write("centos/Singularity", "Bootstrap: docker\nFrom: centos:7\n%files\n  motd /etc/motd\n");
    harness.write("centos/motd", "hello\n");
    return "centos/Singularity";
  }

  @Override
  protected Optional<SlowBuild> writeSlowRecipe(BuilderHarness harness) throws Exception {
    harness.write("centos/Singularity.slow", "Bootstrap: docker\nFrom: centos:7\n# stand-in: hang\n");
    return Optional.of(SlowBuild.logging(harness, "centos/Singularity.slow", "started in project lab-project"));
  }
}
