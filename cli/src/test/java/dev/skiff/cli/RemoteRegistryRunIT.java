package dev.skiff.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.skiff.publisher.GitHubApiStandIn;
import dev.skiff.publisher.GitServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff run --registry <git URL>} end to end: the bundled example is built and stored, its
 * branch pushed to a real git server on loopback, and its pull request opened, then updated, on a
 * stand-in of the GitHub REST API that checks every exchange against GitHub's OpenAPI description.
 */
class RemoteRegistryRunIT {
  static final String BRANCH = "update/lab/hello";

  @TempDir
  Path work;

  GitServer git;
  GitHubApiStandIn github;
  Repository hosted;
  Path source;

  @BeforeEach
  void start() throws Exception {
    Path registry = work.resolve("registry");
    assertThat(SkiffCliIT.skiff("registry", "init", registry.toString()).exitCode()).isZero();
    git = new GitServer();
    hosted = git.host("myorg/registry", registry, work.resolve("hosted.git"));
    github = new GitHubApiStandIn();
    source = SkiffCliIT.copyOfTheExample(work.resolve("hello"));
  }

  @AfterEach
  void stop() throws Exception {
    try (GitServer server = git; Repository repository = hosted; GitHubApiStandIn api = github) {
      if (api != null) {
        assertThat(api.problems()).as("exchanges that GitHub's OpenAPI description does not allow").isEmpty();
      }
    }
  }

  SkiffCliIT.Result run(String recipeChange) throws Exception {
    return run(recipeChange, Map.of("SKIFF_PUBLISHER_GITHUB_API_URL", github.api().toString()));
  }

  SkiffCliIT.Result run(String recipeChange, Map<String, String> settings) throws Exception {
    if (recipeChange != null) {
      java.nio.file.Files.writeString(source.resolve("Singularity"), recipeChange, java.nio.file.StandardOpenOption.APPEND);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> env = new java.util.HashMap<>(Map.of("PATH", System.getenv("PATH"), "GITHUB_TOKEN",
        GitServer.TOKEN));
    env.putAll(settings);
    int code = Main.execute(env, new PrintWriter(out), new PrintWriter(err), "run", source.toString(), "--builder",
        "scratch", "--namespace", "lab/hello", "--storage", work.resolve("storage").toUri().toString(), "--registry",
        git.url("myorg/registry").toString());
    return new SkiffCliIT.Result(code, out.toString(), err.toString());
  }

  @Test
  void aRunWithoutTheStoragesBaseUrlNeverRewritesTheRegistrysHttpsUrlsToFileUrls() throws Exception {
    // No GitHub API here: the branch is pushed, no pull request is opened.
    Map<String, String> served = Map.of("SKIFF_STORAGE_FILE_BASE_URL", "https://blobs.example.org/images/");
    SkiffCliIT.Result first = run(null, served);
    assertThat(first.exitCode()).as(first.err()).isZero();
    var pushed = hosted.resolve("refs/heads/" + BRANCH);

    SkiffCliIT.Result forgotten = run(null, Map.of());
    assertThat(forgotten.exitCode()).isEqualTo(1);
    List<String> errors = forgotten.err().lines().filter(line -> line.startsWith("error: ")).toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).startsWith("error: the registry serves lab/hello's images from"
        + " https://blobs.example.org/images/lab/hello/").contains(", and this storage would replace that with "
        + work.resolve("storage").toUri() + "lab/hello/").endsWith(", which only this machine can read: set"
        + " storage.file.base-url (SKIFF_STORAGE_FILE_BASE_URL) to the address the folder is served at");
    assertThat(hosted.resolve("refs/heads/" + BRANCH)).isEqualTo(pushed);
    assertThat(run(null, served).exitCode()).isZero();
  }

  @Test
  void runPushesTheBranchOpensThePullRequestAndUpdatesItNextTime() throws Exception {
    github.wiremock().stubFor(GitHubApiStandIn.listPulls().inScenario("pr").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(GitHubApiStandIn.pullRequests(List.of()).toString())));
    github.wiremock().stubFor(GitHubApiStandIn.createPull().inScenario("pr").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody(GitHubApiStandIn.pullRequest(5, BRANCH, "first").toString()))
        .willSetStateTo("open"));
    github.wiremock().stubFor(GitHubApiStandIn.listPulls().inScenario("pr").whenScenarioStateIs("open")
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(GitHubApiStandIn.pullRequests(List.of(GitHubApiStandIn.pullRequest(5, BRANCH, "first")))
                .toString())));
    github.stubJson(GitHubApiStandIn.updatePull(5), 200, GitHubApiStandIn.pullRequest(5, BRANCH, "second"));

    SkiffCliIT.Result first = run(null);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("Registry: committed to branch " + BRANCH + " of " + git.url("myorg/registry"))
        .contains("Pull request: https://github.com/myorg/registry/pull/5");
    var pushed = hosted.resolve("refs/heads/" + BRANCH);
    assertThat(pushed).isNotNull();
    github.wiremock().verify(1, postRequestedFor(urlPathEqualTo("/repos/myorg/registry/pulls"))
        .withRequestBody(containing("\"head\":\"" + BRANCH + "\"")));

    SkiffCliIT.Result second = run("  Rebuilt with a longer help text.\n");
    assertThat(second.exitCode()).as(second.err()).isZero();
    try (RevWalk walk = new RevWalk(hosted)) {
      assertThat(walk.parseCommit(hosted.resolve("refs/heads/" + BRANCH)).getParent(0)).isEqualTo(pushed);
    }
    github.wiremock().verify(1, postRequestedFor(urlPathEqualTo("/repos/myorg/registry/pulls")));
    github.wiremock().verify(patchRequestedFor(urlPathEqualTo("/repos/myorg/registry/pulls/5")));
  }
}
