package dev.skiff.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The GitHub Action, the CircleCI orb and the CI templates of docs/ci: the GitHub files pass
 * action-validator; the orb's files parse, every parameter they use is declared, every command,
 * job and executor they name exists, and its examples and the CircleCI template give every
 * required parameter.
 */
class CiTemplatesTest {
  static final Path ROOT = Path.of("..");
  static final Path ORB = ROOT.resolve("orb/src");
  static final Path VALIDATOR = Path.of(System.getProperty("test.tools",
      "../registry/src/test/browser/node_modules"), ".bin", "action-validator");
  private static final Pattern PARAMETER = Pattern.compile("<<\\s*parameters\\.([\\w-]+)\\s*>>");
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void theActionAndTheGitHubTemplatePassActionValidator() throws Exception {
    for (Path file : List.of(ROOT.resolve("action.yml"), Path.of("ci/github-skiff.yml"),
        Path.of("ci/github-skiff-sharded.yml"))) {
      Process process = new ProcessBuilder(VALIDATOR.toString(), validatable(file).toString()).redirectErrorStream(true)
          .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor()).as(file + ": " + output).isZero();
    }
    JsonNode action = YAML.readTree(ROOT.resolve("action.yml").toFile());
    assertThat(action.path("runs").path("using").asText()).isEqualTo("composite");
    // Inputs reach shells through the environment only: no ${{ inputs.* }} inside a script's text.
    for (JsonNode step : action.path("runs").path("steps")) {
      assertThat(step.path("run").asText("")).as(step.path("name").asText()).doesNotContain("${{");
    }
    assertThat(action.toString()).contains("sha256sum").contains("actions/cache")
        .contains("actions/attest-build-provenance").contains("subject-checksums");
    for (String template : List.of("ci/github-skiff.yml", "ci/github-skiff-sharded.yml")) {
      assertThat(Files.readString(Path.of(template))).as(template).contains("uses: OWNER/skiff@v")
          .contains("fetch-depth: 0").doesNotContain("git clone");
    }
    JsonNode sharded = YAML.readTree(Path.of("ci/github-skiff-sharded.yml").toFile());
    assertThat(sharded.path("jobs").path("build").path("strategy").path("matrix").path("shard")).hasSize(4);
    assertThat(sharded.path("jobs").path("publish").path("needs").asText()).isEqualTo("build");
    assertThat(sharded.toString()).contains("--shard ${{ matrix.shard }}/4 --records skiff-records")
        .contains("\"command\":\"publish\"").contains("skiff-records-*");
  }

  /**
   * The file as action-validator can judge it. Its newest release (0.6.0) predates GitHub's
   * {@code attestations} permission (2024), which the workflows need for provenance attestations:
   * that one line is left out of a copy, and the rest must validate.
   */
  private static Path validatable(Path file) throws Exception {
    String text = Files.readString(file);
    String without = text.replaceAll("(?m)^ *attestations: write.*\n", "");
    if (without.equals(text)) {
      return file;
    }
    assertThat(text.lines().count() - without.lines().count()).as(file + ": one attestations line").isEqualTo(1);
    Path copy = Files.createTempDirectory("workflow").resolve(file.getFileName());
    return Files.writeString(copy, without);
  }

  @Test
  void theOrbIsWholeAndItsExamplesAndTheTemplateUseItRightly() throws Exception {
    Map<String, JsonNode> commands = definitions("commands");
    Map<String, JsonNode> jobs = definitions("jobs");
    Map<String, JsonNode> executors = definitions("executors");
    assertThat(commands).containsKeys("install", "run", "plugins");
    assertThat(jobs).containsKey("publish");
    assertThat(YAML.readTree(ORB.resolve("@orb.yml").toFile()).path("version").asText()).isEqualTo("2.1");

    Map<String, JsonNode> all = new HashMap<>();
    all.putAll(commands);
    all.putAll(jobs);
    all.putAll(executors);
    for (Map.Entry<String, JsonNode> definition : all.entrySet()) {
      Set<String> declared = new HashSet<>();
      definition.getValue().path("parameters").fieldNames().forEachRemaining(declared::add);
      Matcher used = PARAMETER.matcher(YAML.writeValueAsString(definition.getValue()));
      while (used.find()) {
        assertThat(declared).as(definition.getKey() + " uses parameters." + used.group(1)).contains(used.group(1));
      }
    }
    for (JsonNode job : jobs.values()) {
      assertThat(executors).containsKey(job.path("executor").asText());
      for (JsonNode step : job.path("steps")) {
        String name = step.isTextual() ? step.asText() : step.fieldNames().next();
        if (!Set.of("checkout", "run", "store_artifacts", "save_cache", "restore_cache").contains(name)) {
          assertThat(commands).as("the job's step " + name).containsKey(name);
          requiredGiven(commands.get(name), step.path(name), "the job's step " + name);
        }
      }
    }

    try (Stream<Path> examples = Files.list(ORB.resolve("examples"))) {
      for (Path example : examples.toList()) {
        checkUses(YAML.readTree(example.toFile()).path("usage"), commands, jobs, executors, example.toString());
      }
    }
    checkUses(YAML.readTree(Path.of("ci/circleci-skiff.yml").toFile()), commands, jobs, executors, "circleci-skiff.yml");
    JsonNode sharded = YAML.readTree(Path.of("ci/circleci-skiff-sharded.yml").toFile());
    checkUses(sharded, commands, jobs, executors, "circleci-skiff-sharded.yml");
    assertThat(sharded.path("jobs").path("build").path("parallelism").asInt()).isEqualTo(4);
    assertThat(executors).containsKey(sharded.path("jobs").path("build").path("executor").asText().replace("skiff/", ""));
    assertThat(sharded.path("workflows").path("publish").path("jobs").get(1).path("publish").path("requires").get(0)
        .asText()).isEqualTo("build");
    assertThat(sharded.toString()).contains("--shard ci --records /tmp/skiff-records")
        .contains("--records /tmp/skiff-records").contains("persist_to_workspace").contains("attach_workspace");
  }

  @Test
  void theGitLabTemplatesAreWhole() throws Exception {
    for (String template : List.of("ci/gitlab-skiff.yml", "ci/gitlab-skiff-sharded.yml")) {
      JsonNode config = YAML.readTree(Path.of(template).toFile());
      JsonNode base = config.path(".skiff");
      assertThat(base.path("before_script").toString()).as(template).contains("sha256sum")
          .doesNotContain("git clone");
      assertThat(config.path("variables").path("GIT_DEPTH").asText()).isEqualTo("0");
      Set<String> stages = new HashSet<>(List.of("build", "test", "deploy"));
      config.path("stages").forEach(stage -> stages.add(stage.asText()));
      config.fields().forEachRemaining(job -> {
        if (job.getKey().startsWith(".") || !job.getValue().has("script")) {
          return;
        }
        assertThat(job.getValue().path("extends").asText()).as(template + " " + job.getKey()).isEqualTo(".skiff");
        if (job.getValue().has("stage")) {
          assertThat(stages).as(template + " " + job.getKey()).contains(job.getValue().path("stage").asText());
        }
        job.getValue().path("needs").forEach(need -> assertThat(config.has(need.asText()))
            .as(template + " " + job.getKey() + " needs " + need.asText()).isTrue());
      });
    }
    JsonNode sharded = YAML.readTree(Path.of("ci/gitlab-skiff-sharded.yml").toFile());
    assertThat(sharded.path("skiff-build").path("parallel").asInt()).isEqualTo(4);
    assertThat(sharded.path("skiff-publish").path("script").get(0).asText()).isEqualTo("skiff publish --records skiff-records");
  }

  @Test
  void everyTemplateChoosesABuilderAndUpdatesPackageListsBeforeInstalling() throws Exception {
    try (Stream<Path> templates = Files.list(Path.of("ci"))) {
      for (Path template : templates.filter(t -> t.toString().endsWith(".yml")).toList()) {
        String text = Files.readString(template);
        // The templates are the singularity builder's, with a pinned Apptainer installed on the runner.
        assertThat(text).as(template.toString()).containsPattern("(builder|SKIFF_BUILDER)[:\\s]+singularity")
            .containsPattern("apptainer-version: \\d+\\.\\d+\\.\\d+|APPTAINER_VERSION[=:] ?\"?\\d+\\.\\d+\\.\\d+");
        if (text.contains("APPTAINER_SHA256")) {
          assertThat(text).as(template + ": the package is checked before it is installed")
              .containsPattern("(?s)sha256sum -c.*apt-get install");
        }
        text.lines().filter(line -> line.contains("apt-get install")).forEach(line ->
            assertThat(line.indexOf("apt-get update")).as(template + ": " + line).isBetween(0, line.indexOf("apt-get install")));
        assertThat(text).as(template + " names the token secret as the guide does").contains("SKIFF_GITHUB_TOKEN");
      }
    }
  }

  /** Every skiff/... a configuration uses exists, and is given its required parameters. */
  private static void checkUses(JsonNode config, Map<String, JsonNode> commands, Map<String, JsonNode> jobs,
      Map<String, JsonNode> executors, String where) {
    assertThat(config.path("orbs").path("skiff").asText()).as(where).startsWith("OWNER/skiff@");
    Matcher uses = Pattern.compile("\"skiff/([\\w-]+)\"").matcher(config.toString());
    int found = 0;
    while (uses.find()) {
      found++;
      String name = uses.group(1);
      assertThat(commands.containsKey(name) || jobs.containsKey(name) || executors.containsKey(name))
          .as(where + " uses skiff/" + name).isTrue();
    }
    assertThat(found).as(where + " uses the orb").isPositive();
    config.findParents("skiff/publish").forEach(parent -> requiredGiven(jobs.get("publish"),
        parent.path("skiff/publish"), where));
    config.findParents("skiff/install").forEach(parent -> requiredGiven(commands.get("install"),
        parent.path("skiff/install"), where));
  }

  private static void requiredGiven(JsonNode definition, JsonNode given, String where) {
    definition.path("parameters").fields().forEachRemaining(parameter -> {
      if (!parameter.getValue().has("default")) {
        assertThat(given.has(parameter.getKey())).as(where + " gives " + parameter.getKey()).isTrue();
      }
    });
  }

  private static Map<String, JsonNode> definitions(String kind) throws Exception {
    Map<String, JsonNode> definitions = new HashMap<>();
    try (Stream<Path> files = Files.list(ORB.resolve(kind))) {
      for (Path file : files.toList()) {
        definitions.put(file.getFileName().toString().replaceAll("\\.yml$", ""), YAML.readTree(file.toFile()));
      }
    }
    return definitions;
  }
}
