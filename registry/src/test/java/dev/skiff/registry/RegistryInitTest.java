package dev.skiff.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skiff.registry.verify.RegistryRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.skiff.support.Release;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryInitTest {
  @TempDir
  Path dir;

  @Test
  void createsARepositoryWithItsReadmeChecksAndRules() throws Exception {
    Path registry = dir.resolve("registry");
    String commit = RegistryInit.init(registry, "trunk", "Acme Lab");
    try (Git git = Git.open(registry.toFile())) {
      assertThat(git.getRepository().getBranch()).isEqualTo("trunk");
      assertThat(git.getRepository().resolve("refs/heads/trunk").name()).isEqualTo(commit);
      assertThat(git.status().call().isClean()).isTrue();
    }
    assertThat(registry.resolve("README.md")).content().contains("Container registry of Acme Lab", "skiff verify");
    JsonNode workflow = new YAMLMapper().readTree(registry.resolve(".github/workflows/skiff-verify.yml").toFile());
    assertThat(workflow.path("on").has("pull_request_target")).isTrue();
    assertThat(workflow.path("permissions").path("contents").asText()).isEqualTo("read");
    // Skiff comes as the release archive, through the Action and the orb: no clone, no Maven build.
    JsonNode verify = workflow.path("jobs").path("verify").path("steps");
    JsonNode step = verify.path(verify.size() - 1);
    assertThat(step.path("uses").asText()).isEqualTo("OWNER/skiff@v" + Release.version());
    assertThat(step.path("with").path("command").asText()).isEqualTo("verify");
    assertThat(step.path("with").path("args").asText()).isEqualTo("--base origin/trunk --head refs/remotes/pull/head");
    JsonNode circle = new YAMLMapper().readTree(registry.resolve(".circleci/config.yml").toFile());
    assertThat(circle.path("orbs").path("skiff").asText()).isEqualTo("OWNER/skiff@" + Release.version());
    assertThat(circle.path("jobs").path("verify").path("steps").path(1).path("skiff/install").path("version").asText())
        .isEqualTo(Release.version());
    assertThat(circle.toString()).contains("--base origin/trunk").contains("store_test_results");
    for (String file : new String[] {".github/workflows/skiff-verify.yml", ".github/workflows/skiff-site.yml",
        ".circleci/config.yml"}) {
      assertThat(Files.readString(registry.resolve(file))).as(file).doesNotContain("git clone", "mvn", "__");
    }
    assertThat(circle.path("jobs").path("site").toString()).contains("site --registry . --out /tmp/site")
        .contains("--publish");
    assertThat(circle.path("workflows").path("verify").path("jobs").path(1).path("site").path("filters")
        .path("branches").path("only").asText()).isEqualTo("trunk");
    assertThat(RegistryRules.parse(Files.readString(registry.resolve(".skiff/registry.yml"))))
        .isEqualTo(RegistryRules.defaults());
  }

  @Test
  void theWorkflowsItWritesPassActionValidator() throws Exception {
    Path registry = dir.resolve("registry");
    RegistryInit.init(registry, "main", "Acme Lab");
    Path validator = Path.of(System.getProperty("test.tools", "src/test/browser/node_modules"), ".bin",
        "action-validator");
    for (String workflow : new String[] {"skiff-verify.yml", "skiff-site.yml"}) {
      Process process = new ProcessBuilder(validator.toString(), registry.resolve(".github/workflows/" + workflow)
          .toString()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor()).as(workflow + ": " + output).isZero();
    }
    JsonNode site = new YAMLMapper().readTree(registry.resolve(".github/workflows/skiff-site.yml").toFile());
    assertThat(site.path("on").path("push").path("branches").path(0).asText()).isEqualTo("main");
    assertThat(site.path("permissions").path("contents").asText()).isEqualTo("read");
    assertThat(site.path("jobs").path("deploy").path("permissions").path("pages").asText()).isEqualTo("write");
    assertThat(site.toString()).contains("actions/upload-pages-artifact").contains("actions/deploy-pages")
        .contains("\"command\":\"site\",\"args\":\"--registry . --out");
  }

  @Test
  void refusesAFolderThatIsNotEmpty() throws Exception {
    Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> RegistryInit.init(dir, "main", "x"))
        .hasMessage("registry " + dir + ": the folder is not empty; give a new or empty folder");
  }
}
