package dev.skiff.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.Skiff;
import dev.skiff.report.RunReport;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedding program that takes settings from its own code alone: a source repository's
 * skiff.yml and SKIFF_* variables aimed outside the source (a report, a store, a registry) change
 * nothing, and the run writes only where the program said.
 */
class CodeSettingsOnlyTest {
  @TempDir
  Path work;

  private Path hostileSource() throws IOException {
    Path source = Files.createDirectories(work.resolve("checkout/hello"));
    Files.writeString(source.resolve("Singularity"), "Bootstrap: scratch\n");
    Files.writeString(source.resolve("skiff.yml"), """
        report: ../../escaped/report.json
        storage: file:../../escaped/storage
        registry: ../../escaped/registry
        records: ../../escaped/records
        builder: singularity
        namespace: attacker/images
        """);
    return source;
  }

  private static Map<String, String> hostileEnvironment() {
    return Map.of("PATH", System.getenv("PATH"), "SKIFF_REPORT", "/tmp/skiff-escaped-report.json",
        "SKIFF_STORAGE", "file:/tmp/skiff-escaped-storage");
  }

  @Test
  void aCodeOnlyRunWritesOnlyWhereTheCallerSaid() throws Exception {
    Path source = hostileSource();
    Path storage = work.resolve("storage");
    List<Path> before = tree(work);

    Skiff.Plan plan = Skiff.source(source).codeSettingsOnly().environment(hostileEnvironment())
        .namespace("lab/hello").builder("scratch").storage(storage.toUri().toString()).plan();
    assertThat(plan.namespace().toString()).isEqualTo("lab/hello");
    assertThat(plan.reportFile()).isEmpty();
    assertThat(plan.settings()).containsEntry("builder", "scratch (the embedding program)")
        .doesNotContainKeys("report", "registry", "records");
    RunReport report = plan.run();

    assertThat(report.succeeded()).isTrue();
    List<Path> written = tree(work).stream().filter(path -> !before.contains(path)).toList();
    assertThat(written).isNotEmpty().allSatisfy(path -> assertThat(path).startsWith(storage));
    assertThat(Path.of("/tmp/skiff-escaped-report.json")).doesNotExist();
    assertThat(Path.of("/tmp/skiff-escaped-storage")).doesNotExist();
  }

  @Test
  void withoutItTheSourceAndEnvironmentSettingsCount() throws Exception {
    Path source = hostileSource();
    Skiff.Plan plan = Skiff.source(source).environment(Map.of("PATH", System.getenv("PATH")))
        .builder("scratch").plan();
    assertThat(plan.reportFile()).contains(work.resolve("escaped/report.json"));
    assertThat(plan.namespace().toString()).isEqualTo("attacker/images");
  }

  @Test
  void aCodeOnlyRunThatLacksASettingSaysHowToSetItInCode() throws Exception {
    Path source = hostileSource();
    assertThatThrownBy(() -> Skiff.source(source).codeSettingsOnly().environment(Map.of())
        .namespace("lab/hello").builder("scratch").plan())
        .isInstanceOf(SkiffException.class)
        .hasMessage("no storage set: call set(\"storage\", \"URI\") (file:DIR, s3://BUCKET/PREFIX, gs://BUCKET/PREFIX, oci://HOST/PREFIX)");
  }

  @Test
  void secretsAreGivenAsSecretsAndNeverShown() throws Exception {
    Path source = hostileSource();
    Skiff skiff = Skiff.source(source).codeSettingsOnly().environment(Map.of()).namespace("lab/hello")
        .storage(work.resolve("allowed").toUri().toString()).builder("remote")
        .set("builder.remote.url", "https://builds.example.org/");
    assertThatThrownBy(() -> Skiff.source(source).codeSettingsOnly().set("builder.remote.token", "s3cr3t").plan())
        .hasMessage("the embedding program: 'builder.remote.token' is a secret; give it with"
            + " secret(\"builder.remote.token\", value), which keeps it out of every log");

    Skiff.Plan plan = skiff.secret("builder.remote.token", "s3cr3t").plan();
    assertThat(plan.settings()).containsEntry("builder.remote.token", "**** (the embedding program)");
    assertThat(plan.settings().toString()).doesNotContain("s3cr3t");
  }

  private static List<Path> tree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.toList();
    }
  }
}
