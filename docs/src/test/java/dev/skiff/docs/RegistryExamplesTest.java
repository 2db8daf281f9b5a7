package dev.skiff.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.Skiff;
import dev.skiff.registry.gc.GcReport;
import dev.skiff.registry.site.SiteReport;
import dev.skiff.registry.verify.Finding;
import dev.skiff.registry.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's registry examples, run in order on one registry: create, publish, verify, render, sweep. */
class RegistryExamplesTest {
  @TempDir
  Path work;

  @Test
  void theRegistrysApiFromJava() throws Exception {
    Path registry = work.resolve("registry");
    assertThat(RegistryExamples.createRegistry(registry)).hasSize(40);
    Path source = Files.createDirectories(work.resolve("hello"));
    Files.writeString(source.resolve("Singularity"), "Bootstrap: scratch\n");
    Path storage = work.resolve("storage");
    assertThat(EmbeddingExample.buildAndPublish(source, storage, registry).succeeded()).isTrue();
    String branch = "update/myorg/hello";
    String head;
    try (Git git = Git.open(registry.toFile())) {
      head = git.getRepository().resolve(branch).name();
    }

    VerifyReport verified = RegistryExamples.verifyPullRequest(registry, head, branch);
    assertThat(verified.namespace()).contains("myorg/hello");
    // The pages are in their namespace; the blob is in a folder of this machine, which no site can serve.
    assertThat(verified.findings()).filteredOn(Finding::passed).extracting(Finding::check).contains("namespace");
    assertThat(verified.findings()).filteredOn(finding -> !finding.passed()).singleElement()
        .satisfies(finding -> assertThat(finding.message()).contains("uses 'file'; the registry allows only https"));
    assertThat(verified.passed()).isFalse();

    SiteReport site = RegistryExamples.renderSite(registry, branch, work.resolve("site"));
    assertThat(site.namespaces()).isEqualTo(1);
    assertThat(site.manifests()).isEqualTo(1);
    assertThat(work.resolve("site/index.html")).isRegularFile();

    Skiff skiff = Skiff.source(source).codeSettingsOnly().environment(Map.of()).storage(storage.toUri().toString());
    GcReport swept = RegistryExamples.sweep(skiff, registry, false);
    assertThat(swept.referenced().objects()).isEqualTo(1);
    assertThat(swept.swept()).isEmpty();
  }
}
