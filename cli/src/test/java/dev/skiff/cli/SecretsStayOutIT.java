package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.publisher.GitHubApiStandIn;
import dev.skiff.publisher.GitServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sentinel secrets in every secret setting, credential variable and URL the commands take, through
 * the failure paths a user reaches: none of them appears in standard output, standard error, the
 * JSON report, verify's JSON and JUnit reports, or any file a command wrote.
 */
class SecretsStayOutIT {
  static final List<String> SENTINELS = List.of("SENTINEL-github-token", "SENTINEL-gh-fallback", "SENTINEL-remote-token",
      "SENTINEL-aws-secret", "SENTINEL-aws-session", "SENTINEL-url-password", "SENTINEL-fork-password",
      "SENTINEL-site-flag", "SENTINEL-site-env", "SENTINEL-upper", "SENTINEL-at-sign");

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
            work.resolve("storage").toUri().toString(), "--registry", urlWithPassword, "--report", report.toString(),
            "--junit", work.resolve("out/run.xml").toString()},
        // A shard of a split run, its fan-in and the plan, with that registry.
        new String[] {"run", source.toString(), "-v", "--builder", "scratch", "--namespace", "lab/hello", "--storage",
            work.resolve("storage").toUri().toString(), "--registry", urlWithPassword, "--shard", "1/2", "--records",
            work.resolve("out/records").toString(), "--junit", work.resolve("out/shard.xml").toString()},
        new String[] {"publish", source.toString(), "-v", "--namespace", "lab/hello", "--storage",
            work.resolve("storage").toUri().toString(), "--registry", urlWithPassword, "--records",
            work.resolve("out").toString()},
        new String[] {"plan", source.toString(), "-v", "--json", "--builder", "scratch", "--namespace", "lab/hello",
            "--storage", work.resolve("storage").toUri().toString(), "--registry", urlWithPassword},
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
        // A site with credentials from --site and from SKIFF_SITE (below), an upper-case scheme, and a password
        // that holds an @, in pull and gc.
        new String[] {"pull", "lab/hello:latest", "--site", "https://u:" + SENTINELS.get(7) + "@127.0.0.1:9/"},
        new String[] {"pull", "lab/hello:latest"},
        new String[] {"pull", "HTTPS://u:" + SENTINELS.get(9) + "@127.0.0.1:9/lab/hello:latest"},
        new String[] {"pull", "https://u:p@" + SENTINELS.get(10) + "@127.0.0.1:9/lab/hello:latest"},
        new String[] {"gc", "--registry", "HTTPS://u:" + SENTINELS.get(9) + "@127.0.0.1:9/lab/registry.git",
            "--storage", work.resolve("storage").toUri().toString()},
        new String[] {"gc", "--registry", "https://u:p@" + SENTINELS.get(10) + "@127.0.0.1:9/lab/registry.git",
            "--storage", work.resolve("storage").toUri().toString()},
        // The settings, listed.
        new String[] {"config", "-v"},
        // verify with its reports.
        new String[] {"verify", "--repo", registry.toString(), "--base", "HEAD", "--head", "HEAD", "--branch",
            "update/lab/hello", "--json", "--junit", work.resolve("out/junit.xml").toString()});
    env.put("SKIFF_PUBLISHER_FORK", "https://bot:" + SENTINELS.get(6) + "@127.0.0.1:9/bot/registry.git");
    env.put("SKIFF_SITE", "https://u:" + SENTINELS.get(8) + "@127.0.0.1:9/");
    env.put("SKIFF_BUILDER_REMOTE_URL", "https://127.0.0.1:9/");
    env.put("SKIFF_STORAGE_S3_ENDPOINT", "http://127.0.0.1:9");
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_STEP_SUMMARY", Files.createDirectories(work.resolve("out")).resolve("summary.md").toString());
    List<String> outputs = new ArrayList<>();
    for (String[] args : runs) {
      SkiffCliIT.Result result = SkiffCliIT.skiff(env, args);
      if (args[0].equals("run") || args[0].equals("pull") || args[0].equals("gc")) {
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.err()).isNotZero();
      }
      outputs.add(result.out());
      outputs.add(result.err());
    }
    try (Stream<Path> files = Files.walk(work)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(source)).toList()) {
        outputs.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    // And a run that succeeds, with these secrets around it, writes its CI reports.
    Map<String, String> okEnv = new HashMap<>(env);
    okEnv.remove("SKIFF_PUBLISHER_FORK");
    SkiffCliIT.Result ok = SkiffCliIT.skiff(okEnv, "run", source.toString(), "-v", "--builder", "scratch", "--namespace",
        "lab/hello", "--storage", work.resolve("storage").toUri().toString(), "--registry", registry.toString(),
        "--junit", work.resolve("out/ok.xml").toString());
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    outputs.add(ok.out());
    outputs.add(ok.err());
    assertThat(Files.readString(work.resolve("out/summary.md"))).contains("skiff run");
    outputs.add(Files.readString(work.resolve("out/ok.xml")));
    outputs.add(Files.readString(work.resolve("out/summary.md")));
    String everything = String.join("\n", outputs);
    for (String sentinel : SENTINELS) {
      assertThat(everything).as("where " + sentinel + " appears").doesNotContain(sentinel);
    }
    // The failures were real ones: the commands reached their failure paths.
    assertThat(everything).contains("127.0.0.1:9");
  }

  /**
   * A run that succeeds: the branch pushed to a real git server, the pull request opened on the
   * GitHub stand-in. The token the push and the API need, and the sentinels in the other secret
   * settings, appear in no commit (message or file, on every branch), no request body or URL sent to
   * the API, and no output.
   */
  @Test
  void noSecretReachesACommitOrAPullRequest() throws Exception {
    Path source = SkiffCliIT.copyOfTheExample(work.resolve("hello"));
    Path registry = work.resolve("registry");
    assertThat(SkiffCliIT.skiff("registry", "init", registry.toString()).exitCode()).isZero();
    try (GitServer git = new GitServer();
        Repository hosted = git.host("myorg/registry", registry, work.resolve("hosted.git"));
        GitHubApiStandIn github = new GitHubApiStandIn()) {
      github.stubJson(GitHubApiStandIn.listPulls(), 200, GitHubApiStandIn.pullRequests(List.of()));
      github.stubJson(GitHubApiStandIn.createPull(), 201, GitHubApiStandIn.pullRequest(5, "update/lab/hello", "b"));
      Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH"), "HOME", work.toString(),
          "GITHUB_TOKEN", GitServer.TOKEN, "SKIFF_PUBLISHER_GITHUB_API_URL", github.api().toString(),
          "SKIFF_BUILDER_REMOTE_TOKEN", SENTINELS.get(2), "AWS_SECRET_ACCESS_KEY", SENTINELS.get(3),
          "AWS_SESSION_TOKEN", SENTINELS.get(4)));
      SkiffCliIT.Result result = SkiffCliIT.skiff(env, "run", source.toString(), "-v", "--builder", "scratch",
          "--namespace", "lab/hello", "--storage", work.resolve("storage").toUri().toString(), "--registry",
          git.url("myorg/registry").toString(), "--report", work.resolve("out/report.json").toString());
      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).contains("Pull request: https://github.com/myorg/registry/pull/5");
      assertThat(github.problems()).isEmpty();

      List<String> outputs = new ArrayList<>(List.of(result.out(), result.err()));
      outputs.addAll(everyCommitAndFile(hosted));
      github.wiremock().getAllServeEvents().forEach(event -> {
        outputs.add(event.getRequest().getUrl());
        outputs.add(event.getRequest().getBodyAsString());
      });
      try (Stream<Path> files = Files.walk(work)) {
        for (Path file : files.filter(Files::isRegularFile)
            .filter(f -> !f.startsWith(source) && !f.startsWith(work.resolve("hosted.git"))).toList()) {
          outputs.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        }
      }
      String everything = String.join("\n", outputs);
      // What was scanned holds the branch's commits and the pull request that was opened.
      assertThat(everything).contains("\ncommitter ", "lab/hello/manifests/latest/README.md",
          "\"title\":\"Update lab/hello\"");
      for (String secret : List.of(GitServer.TOKEN, SENTINELS.get(2), SENTINELS.get(3), SENTINELS.get(4))) {
        assertThat(everything).as("where " + secret + " appears").doesNotContain(secret);
      }
    }
  }

  /** Every commit's message, author and committer, and every file's path and bytes, on every branch. */
  private static List<String> everyCommitAndFile(Repository repository) throws Exception {
    List<String> texts = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repository)) {
      for (Ref ref : repository.getRefDatabase().getRefs()) {
        walk.markStart(walk.parseCommit(ref.getObjectId()));
      }
      for (RevCommit commit : walk) {
        texts.add(new String(commit.getRawBuffer(), StandardCharsets.UTF_8));
        try (TreeWalk files = new TreeWalk(repository)) {
          files.addTree(commit.getTree());
          files.setRecursive(true);
          while (files.next()) {
            texts.add(files.getPathString());
            texts.add(new String(repository.open(files.getObjectId(0)).getBytes(), StandardCharsets.ISO_8859_1));
          }
        }
      }
    }
    return texts;
  }
}
