package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skiff.signing.testing.SylabsSif;
import dev.skiff.signing.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Action's own script, taken from action.yml and run with bash as the runner runs it,
 * with a signing key and attestation asked for: the images are signed (as the sylabs/sif library
 * checks), the attestation's subjects are the built images' digests, and neither the key nor its
 * passphrase reaches any output or file.
 */
class ActionSigningIT {
  @TempDir
  Path work;

  /** The skiff the action runs: this build's command line, on this JVM's class path. */
  private Path skiffHome() throws Exception {
    Path bin = Files.createDirectories(work.resolve("skiff-home/bin"));
    Path skiff = bin.resolve("skiff");
    Files.writeString(skiff, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
        + System.getProperty("java.class.path") + "' dev.skiff.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(skiff, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin.getParent();
  }

  private static String skiffStep() throws Exception {
    JsonNode action = new YAMLMapper().readTree(Path.of("../action.yml").toFile());
    for (JsonNode step : action.path("runs").path("steps")) {
      if (step.path("id").asText().equals("skiff")) {
        return step.path("run").asText();
      }
    }
    throw new AssertionError("action.yml has no step with id skiff");
  }

  @Test
  void theActionSignsEachImageAndListsItsDigestForTheAttestation() throws Exception {
    TestKeys.Key key = TestKeys.get().protectedKey();
    Path source = SkiffCliIT.copyOfTheExample(work.resolve("hello"));
    Path storage = work.resolve("storage");
    Path temp = Files.createDirectories(work.resolve("runner-temp"));
    Path outputs = work.resolve("github-output");
    Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH"), "HOME", work.toString(),
        "SKIFF_HOME", skiffHome().toString(), "RUNNER_TEMP", temp.toString(), "GITHUB_OUTPUT", outputs.toString(),
        "GITHUB_STEP_SUMMARY", work.resolve("summary.md").toString(), "IN_COMMAND", "run",
        "IN_ARGS", ". --builder scratch --namespace lab/hello --storage " + storage.toUri(),
        "IN_SIGNING_KEY", key.secretKey(), "IN_SIGNING_PASSPHRASE", TestKeys.PASSPHRASE));
    env.putAll(Map.of("IN_ATTEST", "true", "IN_STORAGE", "", "IN_REGISTRY", "", "IN_BUILDER", "", "IN_TOKEN", "",
        "IN_PLUGINS", ""));
    ProcessBuilder bash = new ProcessBuilder("bash", "-c", skiffStep()).directory(source.toFile())
        .redirectErrorStream(true);
    bash.environment().clear();
    bash.environment().putAll(env);
    Process process = bash.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    String checksumsLine = Files.readAllLines(outputs).stream().filter(l -> l.startsWith("checksums=")).findFirst()
        .orElseThrow();
    List<String> subjects = Files.readAllLines(Path.of(checksumsLine.substring("checksums=".length())));
    assertThat(subjects).isNotEmpty().anyMatch(l -> l.endsWith("  lab/hello:latest"))
        .allSatisfy(l -> assertThat(l).matches("[0-9a-f]{64}  lab/hello:[A-Za-z0-9_.-]+"));
    for (String subject : subjects) {
      Path image = storage.resolve("lab/hello/" + subject.substring(0, 64) + ".sif");
      SylabsSif.Result verified = SylabsSif.verify(key.writePublic(work, "key.asc"), image);
      assertThat(verified.verified()).as(subject + ": " + verified.output()).isTrue();
    }
    assertThat(output).contains("signed by " + key.fingerprint());

    String keyBody = key.secretKey().lines().skip(2).findFirst().orElseThrow();
    try (Stream<Path> files = Files.walk(work)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".sif"))
          .toList()) {
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
            .doesNotContain(keyBody).doesNotContain(TestKeys.PASSPHRASE);
      }
    }
    assertThat(output).doesNotContain(keyBody).doesNotContain(TestKeys.PASSPHRASE);
  }
}
