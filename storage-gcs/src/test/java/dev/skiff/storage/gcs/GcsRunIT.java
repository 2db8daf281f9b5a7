package dev.skiff.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.Skiff;
import dev.skiff.model.Manifest;
import dev.skiff.registry.RegistryInit;
import dev.skiff.report.RunReport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole run with {@code --storage gs://...} against the emulator: stored, published, idempotent. */
class GcsRunIT {
  @TempDir
  Path work;

  @Test
  void aRunStoresItsImagesInCloudStorageAndPublishesTheirUrls() throws Exception {
    Path source = Files.createDirectories(work.resolve("tools"));
    Files.writeString(source.resolve("Singularity"), "Bootstrap: scratch\n%files\n  tool.sh /bin/tool\n");
    Files.writeString(source.resolve("tool.sh"), "#!/bin/sh\necho tool\n");
    Path registry = work.resolve("registry");
    RegistryInit.init(registry, "main", "lab");
    String location = "gs://skiff-test/run-" + UUID.randomUUID();

    RunReport first = run(source, location, registry);
    assertThat(first.succeeded()).isTrue();
    assertThat(first.uploads()).isEqualTo(1);
    Manifest manifest = first.manifests().get(0);
    assertThat(manifest.url()).isEqualTo(URI.create("https://storage.googleapis.com/skiff-test/"
        + location.substring("gs://skiff-test/".length()) + "/lab/tools/" + manifest.digest().hex() + ".sif"));

    RunReport second = run(source, location, registry);
    assertThat(second.uploads()).isZero();
    assertThat(second.published().orElseThrow().changed()).isFalse();
  }

  private RunReport run(Path source, String location, Path registry) throws Exception {
    return Skiff.source(source)
        .namespace("lab/tools")
        .builder("scratch")
        .storage(location)
        .set(GcsSettings.ENDPOINT, GcsEmulator.shared().endpoint().toString())
        .registry(registry.toString())
        .environment(Map.of("PATH", System.getenv("PATH")))
        .plan()
        .run();
  }
}
