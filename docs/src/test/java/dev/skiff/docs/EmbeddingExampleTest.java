package dev.skiff.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.Discovery;
import dev.skiff.PluginCatalog;
import dev.skiff.Skiff;
import dev.skiff.registry.RegistryInit;
import dev.skiff.report.BuildRecord;
import dev.skiff.report.RunReport;
import dev.skiff.spi.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

  @Test
  void theApiDoesWhatTheCommandDoesButDraw() throws Exception {
    Path source = Files.createDirectories(work.resolve("tools"));
    Files.writeString(source.resolve("Singularity.v1"), "Bootstrap: scratch\n%labels\n  Maintainer lab\n");
    Files.createDirectories(source.resolve("old"));
    Files.writeString(source.resolve("old/Singularity"), "Bootstrap: scratch\n");
    Files.writeString(source.resolve("old/.frozen"), "");
    Path reportFile = work.resolve("out/report.json");

    Discovery discovery = Skiff.source(source).discover();
    assertThat(discovery.recipes()).extracting(r -> r.tag().value()).containsExactly("v1");
    assertThat(discovery.frozen()).containsExactly(Path.of("old/Singularity"));

    Files.writeString(source.resolve("skiff.yml"), "site: https://lab.github.io/registry/\n");
    assertThat(Skiff.source(source).environment(Map.of()).setting("site")).contains("https://lab.github.io/registry/");
    assertThat(Skiff.source(source).environment(Map.of("SKIFF_SITE", "https://mirror.example.org/")).setting("site"))
        .contains("https://mirror.example.org/");
    Files.delete(source.resolve("skiff.yml"));

    PluginCatalog catalog = Skiff.source(source).catalog();
    assertThat(catalog.builders()).containsKeys("scratch", "singularity");
    assertThat(catalog.storages()).containsKeys("file", "s3", "gs");
    assertThat(catalog.settings()).extracting(ConfigKey::name).contains("storage", "storage.s3.region");

    Skiff.Plan plan = Skiff.source(source).namespace("lab/tools").builder("scratch")
        .storage(work.resolve("storage").toUri().toString()).report(reportFile).environment(Map.of("PATH", System.getenv("PATH"))).plan();
    assertThat(plan.namespace().toString()).isEqualTo("lab/tools");
    assertThat(plan.reportFile()).contains(reportFile.toAbsolutePath());
    assertThat(plan.settings()).containsEntry("builder", "scratch (the embedding program)");
    RunReport report = plan.run();
    assertThat(report.succeeded()).isTrue();
    assertThat(new ObjectMapper().readTree(reportFile.toFile()).path("succeeded").asBoolean()).isTrue();
    assertThat(Files.readString(reportFile)).isEqualTo(report.toJson() + "\n");
  }
}
