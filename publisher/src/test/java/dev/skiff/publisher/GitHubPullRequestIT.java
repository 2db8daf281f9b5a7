package dev.skiff.publisher;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.skiff.model.SourceInfo;
import dev.skiff.registry.RegistryInit;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.PublishResult;
import dev.skiff.spi.Publisher;
import dev.skiff.testing.TestConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull request of a publish: the branch goes to a real git server on loopback, the pull
 * request to a stand-in of the GitHub REST API whose every exchange is validated against GitHub's
 * official OpenAPI description.
 */
class GitHubPullRequestIT {
  static final String BRANCH = "update/myorg/centos";

  @TempDir
  Path dir;

  GitServer git;
  GitHubApiStandIn github;
  Repository hosted;

  @BeforeEach
  void start() throws Exception {
    Path registry = dir.resolve("registry");
    RegistryInit.init(registry, "trunk", "myorg");
    git = new GitServer();
    hosted = git.host("myorg/registry", registry, dir.resolve("hosted.git"));
    github = new GitHubApiStandIn();
  }

  @AfterEach
  void stop() throws Exception {
    assertThat(github.problems()).as("exchanges that GitHub's OpenAPI description does not allow").isEmpty();
    github.close();
    git.close();
    hosted.close();
  }

  Publisher publisher(Map<String, String> settings) throws Exception {
    BranchPublisherFactory factory = new BranchPublisherFactory();
    List<ConfigKey> keys = factory.configKeys();
    String url = git.url("myorg/registry").toString();
    Map<String, String> flags = new HashMap<>(Map.of("registry", url, "publisher.github.api-url",
        github.api().toString()));
    flags.putAll(settings);
    var config = new TestConfig(keys, flags, Map.of(), dir);
    return factory.create(url, config, new PluginContext(Map.of("GITHUB_TOKEN", GitServer.TOKEN), dir,
        Files.createTempDirectory(dir, "run"), line -> { }));
  }

  PublishResult publish(Publisher publisher, String content) throws Exception {
    return publisher.publish(new PublishRequest(LocalFolderPublisherTest.NS, List.of(LocalFolderPublisherTest.manifest("latest",
        content)), new SourceInfo(Optional.of("https://github.com/myorg/centos"), Optional.of("abc123"), Optional.empty(),
        Optional.of(URI.create("https://ci.example.org/42"))), Optional.empty(), line -> { }));
  }

  @Test
  void aNewNamespaceGetsAPullRequestWithItsTableAndLabels() throws Exception {
    github.stubJson(GitHubApiStandIn.listPulls(), 200, GitHubApiStandIn.pullRequests(List.of()));
    github.stubJson(GitHubApiStandIn.createPull(), 201, GitHubApiStandIn.pullRequest(7, BRANCH, "new"));
    github.stubJson(GitHubApiStandIn.addLabels(7), 200, GitHubApiStandIn.labels());
    PublishResult result = publish(publisher(Map.of("publisher.pull-request.labels", "containers")), "a");
    assertThat(result.url()).contains(URI.create("https://github.com/myorg/registry/pull/7"));
    github.wiremock().verify(postRequestedFor(urlPathEqualTo("/repos/myorg/registry/pulls"))
        .withRequestBody(containing("\"head\":\"" + BRANCH + "\""))
        .withRequestBody(containing("\"base\":\"trunk\""))
        .withRequestBody(containing(LocalFolderPublisherTest.manifest("latest", "a").digest().toString()))
        .withRequestBody(containing("https://ci.example.org/42"))
        .withHeader("Authorization", equalTo("Bearer " + GitServer.TOKEN)));
    github.wiremock().verify(postRequestedFor(urlPathEqualTo("/repos/myorg/registry/issues/7/labels"))
        .withRequestBody(containing("containers")));
    github.wiremock().verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
        urlPathEqualTo("/repos/myorg/registry/pulls")).withQueryParam("head", equalTo("myorg:" + BRANCH)));
  }

  @Test
  void anOpenPullRequestFoundOnTheSecondPageIsUpdated() throws Exception {
    String page2 = github.api() + "repos/myorg/registry/pulls?state=open&page=2";
    github.wiremock().stubFor(GitHubApiStandIn.listPulls().withQueryParam("page", com.github.tomakehurst.wiremock
        .client.WireMock.absent()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withHeader("Link", "<" + page2 + ">; rel=\"next\"")
        .withBody(GitHubApiStandIn.pullRequests(List.of(GitHubApiStandIn.pullRequest(3, "update/myorg/other", "x")))
            .toString())));
    github.stubJson(GitHubApiStandIn.listPulls().withQueryParam("page", equalTo("2")), 200,
        GitHubApiStandIn.pullRequests(List.of(GitHubApiStandIn.pullRequest(12, BRANCH, "old body"))));
    github.stubJson(GitHubApiStandIn.updatePull(12), 200, GitHubApiStandIn.pullRequest(12, BRANCH, "new body"));
    PublishResult result = publish(publisher(Map.of()), "a");
    assertThat(result.url()).contains(URI.create("https://github.com/myorg/registry/pull/12"));
    github.wiremock().verify(patchRequestedFor(urlPathEqualTo("/repos/myorg/registry/pulls/12"))
        .withRequestBody(containing(LocalFolderPublisherTest.manifest("latest", "a").digest().toString())));
    github.wiremock().verify(0, postRequestedFor(urlPathEqualTo("/repos/myorg/registry/pulls")));
  }

  @Test
  void aRateLimitIsWaitedOut() throws Exception {
    github.stubJson(GitHubApiStandIn.listPulls(), 200, GitHubApiStandIn.pullRequests(List.of()));
    github.wiremock().stubFor(GitHubApiStandIn.createPull().inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(403).withHeader("X-RateLimit-Remaining", "0")
            .withHeader("X-RateLimit-Reset", Long.toString(System.currentTimeMillis() / 1000 + 1))
            .withHeader("Content-Type", "application/json").withBody("{\"message\":\"API rate limit exceeded\","
                + "\"documentation_url\":\"https://docs.github.com/rest\"}"))
        .willSetStateTo("open"));
    github.wiremock().stubFor(GitHubApiStandIn.createPull().inScenario("limit").whenScenarioStateIs("open")
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody(GitHubApiStandIn.pullRequest(8, BRANCH, "b").toString())));
    PublishResult result = publish(publisher(Map.of()), "a");
    assertThat(result.url()).contains(URI.create("https://github.com/myorg/registry/pull/8"));
    github.wiremock().verify(2, postRequestedFor(urlPathEqualTo("/repos/myorg/registry/pulls")));
  }

  @Test
  void aTokenTheApiRefusesIsOneLineAndTheNextRunOpensThePullRequest() throws Exception {
    github.stubJson(GitHubApiStandIn.listPulls(), 200, GitHubApiStandIn.pullRequests(List.of()));
    github.stubJson(GitHubApiStandIn.createPull(), 403, new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        "{\"message\":\"Resource not accessible by personal access token\","
            + "\"documentation_url\":\"https://docs.github.com/rest\"}"));
    assertThatThrownBy(() -> publish(publisher(Map.of()), "a"))
        .hasMessageStartingWith("GitHub answered 403 opening a pull request on myorg/registry: Resource not accessible")
        .hasMessageNotContaining(GitServer.TOKEN);
    github.wiremock().resetAll();
    github.stubJson(GitHubApiStandIn.listPulls(), 200, GitHubApiStandIn.pullRequests(List.of()));
    github.stubJson(GitHubApiStandIn.createPull(), 201, GitHubApiStandIn.pullRequest(9, BRANCH, "c"));
    PublishResult again = publish(publisher(Map.of()), "a");
    assertThat(again.changed()).isFalse();
    assertThat(again.url()).contains(URI.create("https://github.com/myorg/registry/pull/9"));
  }

  @Test
  void aPullRequestAnotherRunOpenedMeanwhileIsFoundAgainAndUpdated() throws Exception {
    github.wiremock().stubFor(GitHubApiStandIn.listPulls().inScenario("race").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(GitHubApiStandIn.pullRequests(List.of()).toString())));
    github.wiremock().stubFor(GitHubApiStandIn.createPull().inScenario("race").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json").withBody(
            "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"code\":\"custom\","
                + "\"message\":\"A pull request already exists for myorg:" + BRANCH + ".\"}],"
                + "\"documentation_url\":\"https://docs.github.com/rest/pulls/pulls#create-a-pull-request\"}"))
        .willSetStateTo("opened by the other run"));
    github.wiremock().stubFor(GitHubApiStandIn.listPulls().inScenario("race")
        .whenScenarioStateIs("opened by the other run").willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json").withBody(GitHubApiStandIn.pullRequests(
                List.of(GitHubApiStandIn.pullRequest(15, BRANCH, "the other run's body"))).toString())));
    github.stubJson(GitHubApiStandIn.updatePull(15), 200, GitHubApiStandIn.pullRequest(15, BRANCH, "ours"));
    PublishResult result = publish(publisher(Map.of()), "a");
    assertThat(result.url()).contains(URI.create("https://github.com/myorg/registry/pull/15"));
    github.wiremock().verify(1, postRequestedFor(urlPathEqualTo("/repos/myorg/registry/pulls")));
    github.wiremock().verify(patchRequestedFor(urlPathEqualTo("/repos/myorg/registry/pulls/15"))
        .withRequestBody(containing(LocalFolderPublisherTest.manifest("latest", "a").digest().toString())));
  }

  @Test
  void thePullRequestSaysWhatTheBranchUpdatesAndRemovesAgainstTheDefaultBranch() throws Exception {
    // The registry's default branch holds two tags of the namespace, merged earlier.
    new LocalFolderPublisher(hosted.getDirectory().toPath(), UpdateTarget.defaultBranch(false), BranchPublisherFactory.IDENTITY)
        .publish(new PublishRequest(LocalFolderPublisherTest.NS, List.of(LocalFolderPublisherTest.manifest("latest", "a"),
            LocalFolderPublisherTest.manifest("old", "b")), SourceInfo.unknown(), Optional.empty(), line -> { }));
    github.stubJson(GitHubApiStandIn.listPulls(), 200, GitHubApiStandIn.pullRequests(List.of()));
    github.stubJson(GitHubApiStandIn.createPull(), 201, GitHubApiStandIn.pullRequest(8, BRANCH, "new"));

    // The source now has only latest, rebuilt: old's recipe is gone.
    List<String> log = new java.util.ArrayList<>();
    PublishResult result = publisher(Map.of()).publish(new PublishRequest(LocalFolderPublisherTest.NS,
        List.of(LocalFolderPublisherTest.manifest("latest", "c")), SourceInfo.unknown(), Optional.empty(), log::add,
        Optional.of(java.util.Set.of(dev.skiff.model.Tag.of("latest")))));

    assertThat(result.changed()).isTrue();
    assertThat(log).startsWith("updated: latest", "removed (recipe gone): old");
    github.wiremock().verify(postRequestedFor(urlPathEqualTo("/repos/myorg/registry/pulls"))
        .withRequestBody(containing("- updated: latest"))
        .withRequestBody(containing("- removed (recipe gone): old")));
  }

  @Test
  void withAForkTheBranchGoesToTheForkAndThePullRequestComesFromIt() throws Exception {
    Repository fork = forkOfHosted("bot/registry");
    // The registry moves on after the fork was made: the branch is built on the registry's tip.
    new LocalFolderPublisher(hosted.getDirectory().toPath(), UpdateTarget.defaultBranch(false), BranchPublisherFactory.IDENTITY)
        .publish(new PublishRequest(dev.skiff.model.Namespace.parse("lab/other"), List.of(), SourceInfo.unknown(),
            Optional.of("another namespace"), line -> { }));
    var registryTip = hosted.resolve("refs/heads/trunk");
    github.stubJson(GitHubApiStandIn.listPulls(), 200, GitHubApiStandIn.pullRequests(List.of()));
    github.stubJson(GitHubApiStandIn.createPull(), 201, GitHubApiStandIn.pullRequest(21, BRANCH, "new"));

    PublishResult result = publish(publisher(Map.of("publisher.fork", git.url("bot/registry").toString())), "a");

    assertThat(result.location()).isEqualTo("branch " + BRANCH + " of " + git.url("bot/registry"));
    assertThat(hosted.resolve("refs/heads/" + BRANCH)).as("the registry is only read").isNull();
    try (org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(fork)) {
      assertThat(walk.parseCommit(fork.resolve("refs/heads/" + BRANCH)).getParent(0)).isEqualTo(registryTip);
    }
    github.wiremock().verify(postRequestedFor(urlPathEqualTo("/repos/myorg/registry/pulls"))
        .withRequestBody(containing("\"head\":\"bot:" + BRANCH + "\"")));
    github.wiremock().verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
        urlPathEqualTo("/repos/myorg/registry/pulls")).withQueryParam("head", equalTo("bot:" + BRANCH)));
  }

  @Test
  void aForkThatIsNotAGitUrlIsOneLine() {
    assertThatThrownBy(() -> publisher(Map.of("publisher.fork", "bot/registry")))
        .hasMessage("setting 'publisher.fork' (from --publisher.fork): 'bot/registry' is not a git URL");
  }

  /**
   * A fork as GitHub keeps one: its own refs, copied when it was made, and its objects shared with
   * the registry's (an alternate object store, whose tips the fork's server also advertises).
   */
  private Repository forkOfHosted(String name) throws Exception {
    Path bare = dir.resolve(name.replace('/', '-') + ".git");
    Git.init().setBare(true).setDirectory(bare.toFile()).call().close();
    Files.writeString(bare.resolve("objects/info/alternates"),
        hosted.getDirectory().toPath().resolve("objects").toAbsolutePath() + "\n");
    Repository fork = new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
    for (var ref : hosted.getRefDatabase().getRefsByPrefix("refs/heads/")) {
      var update = fork.updateRef(ref.getName());
      update.setNewObjectId(ref.getObjectId());
      update.forceUpdate();
    }
    fork.getRefDatabase().newUpdate(org.eclipse.jgit.lib.Constants.HEAD, false).link("refs/heads/trunk");
    git.serve(name, fork);
    return fork;
  }

  @Test
  void badGatewaysAndResetsAreTriedAgainAndOnePullRequestIsOpened() throws Exception {
    github.stubJson(GitHubApiStandIn.listPulls(), 200, GitHubApiStandIn.pullRequests(List.of()));
    github.wiremock().stubFor(GitHubApiStandIn.createPull().inScenario("faults").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(502).withBody("bad gateway")).willSetStateTo("reset"));
    github.wiremock().stubFor(GitHubApiStandIn.createPull().inScenario("faults").whenScenarioStateIs("reset")
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("open"));
    github.wiremock().stubFor(GitHubApiStandIn.createPull().inScenario("faults").whenScenarioStateIs("open")
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody(GitHubApiStandIn.pullRequest(9, BRANCH, "b").toString())));
    PublishResult result = publish(publisher(Map.of()), "a");
    assertThat(result.url()).contains(URI.create("https://github.com/myorg/registry/pull/9"));
    github.wiremock().verify(3, postRequestedFor(urlPathEqualTo("/repos/myorg/registry/pulls")));
  }

  @Test
  void aServerThatKeepsFailingEndsInOneLineAfterBoundedTries() throws Exception {
    github.stubJson(GitHubApiStandIn.listPulls(), 200, GitHubApiStandIn.pullRequests(List.of()));
    github.wiremock().stubFor(GitHubApiStandIn.createPull().willReturn(aResponse().withStatus(503)
        .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Service Unavailable\"}")));
    assertThatThrownBy(() -> publish(publisher(Map.of()), "a"))
        .hasMessage("GitHub answered 503 opening a pull request on myorg/registry: Service Unavailable")
        .hasMessageNotContaining(GitServer.TOKEN);
    github.wiremock().verify(3, postRequestedFor(urlPathEqualTo("/repos/myorg/registry/pulls")));
  }

  @Test
  void aSlowAnswerEndsInOneLineAfterTheTimeoutAndIsNotSentTwice() throws Exception {
    github.stubJson(GitHubApiStandIn.listPulls(), 200, GitHubApiStandIn.pullRequests(List.of()));
    // GitHub opens the pull request but answers later than the run waits: sending the POST again
    // could open a second one, so the run stops and the next run finds the one that was opened.
    github.wiremock().stubFor(GitHubApiStandIn.createPull().willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(GitHubApiStandIn.pullRequest(9, BRANCH, "b").toString())
        .withFixedDelay(20_000)));
    // Long enough for the listing before it on a busy machine; the answer comes far later.
    assertThatThrownBy(() -> publish(publisher(Map.of("publisher.github.timeout", "5s")), "a"))
        .hasMessage("GitHub " + github.api() + " did not answer within 5 s opening a pull request on myorg/registry;"
            + " run again (an open pull request is found and updated), or raise publisher.github.timeout")
        .hasMessageNotContaining(GitServer.TOKEN);
    github.wiremock().verify(1, postRequestedFor(urlPathEqualTo("/repos/myorg/registry/pulls")));
  }
}
