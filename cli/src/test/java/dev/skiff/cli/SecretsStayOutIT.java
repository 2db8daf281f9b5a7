package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sentinel secrets in every secret setting, credential variable and URL the commands take, through
 * the failure paths a user reaches: none of them appears in standard output, standard error, the
 * JSON report, verify's JSON and JUnit reports, or any file a command wrote.
 */
class SecretsStayOutIT {
  static final List<String> SENTINELS = List.of("SENTINEL-github-token", "SENTINEL-gh-fallback", "SENTINEL-remote-token",
      "SENTINEL-aws-secret", "SENTINEL-aws-session", "SENTINEL-url-password", "SENTINEL-fork-password");

  @TempDir
  Path work;

  @Test
  void noSecretReachesAnyOutput() throws Exception {
    Path source = SkiffCliIT.copyOfTheExample(work.resolve("hello"));
    Path registry = work.resolve("registry");
    assertThat(SkiffCliIT.skiff("registry", "init", registry.toString()).exitCode()).isZero();
    Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH"), "HOME", work.toString(),
        "SKIFF_GITHUB_TOKEN", SENTINELS.get(0), "GITHUB_TOKEN", SENTINELS.get(1),
        "SKIFF_BUILDER_REMOTE_TOKEN", SENTINELS.get(2), "AWS_ACCESS_KEY_ID", "test-key",
        "AWS_SECRET_ACCESS_KEY", SENTINELS.get(3), "AWS_SESSION_TOKEN", SENTINELS.get(4), "AWS_REGION", "us-east-1"));
    String urlWithPassword = "https://bot:" + SENTINELS.get(5) + "@127.0.0.1:9/lab/registry.git";
    Path report = work.resolve("out/report.json");
    List<String[]> runs = List.of(
        // An unreachable registry given by URL with a password, verbose, with a report.
        new String[] {"run", source.toString(), "-v", "--builder", "scratch", "--namespace", "lab/hello", "--storage",
            work.resolve("storage").toUri().toString(), "--registry", urlWithPassword, "--report", report.toString()},
        // A fork with a password.
        new String[] {"run", source.toString(), "-v", "--builder", "scratch", "--namespace", "lab/hello", "--storage",
            work.resolve("storage").toUri().toString(), "--registry", urlWithPassword},
        // The remote builder, whose service cannot be reached, with its token.
        new String[] {"run", source.toString(), "-v", "--builder", "remote", "--namespace", "lab/hello", "--storage",
            work.resolve("storage").toUri().toString(), "--report", report.toString()},
        // S3 storage that cannot be reached, with the AWS secrets in the environment.
        new String[] {"run", source.toString(), "-v", "--builder", "scratch", "--namespace", "lab/hello", "--storage",
            "s3://skiff-test/x", "--report", report.toString()},
        // A pull from a site given with credentials.
        new String[] {"pull", "https://u:" + SENTINELS.get(5) + "@127.0.0.1:9/lab/hello:latest"},
        // The settings, listed.
        new String[] {"config", "-v"},
        // verify with its reports.
        new String[] {"verify", "--repo", registry.toString(), "--base", "HEAD", "--head", "HEAD", "--branch",
            "update/lab/hello", "--json", "--junit", work.resolve("out/junit.xml").toString()});
    env.put("SKIFF_PUBLISHER_FORK", "https://bot:" + SENTINELS.get(6) + "@127.0.0.1:9/bot/registry.git");
    env.put("SKIFF_BUILDER_REMOTE_URL", "https://127.0.0.1:9/");
    env.put("SKIFF_STORAGE_S3_ENDPOINT", "http://127.0.0.1:9");
    List<String> outputs = new ArrayList<>();
    for (String[] args : runs) {
      SkiffCliIT.Result result = SkiffCliIT.skiff(env, args);
      if (args[0].equals("run") || args[0].equals("pull")) {
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.err()).isNotZero();
      }
      outputs.add(result.out());
      outputs.add(result.err());
    }
    try (Stream<Path> files = Files.walk(work)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(source)).toList()) {
        outputs.add(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    }
    String everything = String.join("\n", outputs);
    for (String sentinel : SENTINELS) {
      assertThat(everything).as("where " + sentinel + " appears").doesNotContain(sentinel);
    }
    // The failures were real ones: the commands reached their failure paths.
    assertThat(everything).contains("127.0.0.1:9");
  }
}
