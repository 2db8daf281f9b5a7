package dev.skiff.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.registry.RegistryInit;
import dev.skiff.report.BuildRecord;
import dev.skiff.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingExampleTest {
  @TempDir
  Path work;

  @Test
  void theGuidesEmbeddingExampleBuildsStoresAndPublishes() throws Exception {
    Path source = Files.createDirectories(work.resolve("hello"));
    Files.writeString(source.resolve("Singularity"), "Bootstrap: scratch\n%files\n  greeting.txt /greeting.txt\n");
    Files.writeString(source.resolve("greeting.txt"), "hello\n");
    Path registry = work.resolve("registry");
    RegistryInit.init(registry, "main", "myorg");

    RunReport report = EmbeddingExample.buildAndPublish(source, work.resolve("storage"), registry);

    assertThat(report.succeeded()).isTrue();
    assertThat(report.records()).singleElement().extracting(BuildRecord::status).isEqualTo(BuildRecord.Status.BUILT);
    String digest = report.records().get(0).digest().orElseThrow().hex();
    assertThat(work.resolve("storage/myorg/hello/" + digest + ".sif")).exists();
    try (Git git = Git.open(registry.toFile())) {
      assertThat(git.getRepository().resolve("refs/heads/update/myorg/hello")).isNotNull();
    }
  }
}
