package dev.skiff.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.SourceInfo;
import dev.skiff.registry.RegistryInit;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.PublishResult;
import dev.skiff.spi.Publisher;
import dev.skiff.spi.SkiffException;
import dev.skiff.testing.TestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing to a registry on a real git smart-HTTP server (JGit's GitServlet in Jetty) on loopback. */
class GitRemotePublisherIT {
  static final String BRANCH = "refs/heads/update/myorg/centos";

  @TempDir
  Path dir;

  GitServer server;
  Repository hosted;
  /** The work folder of the last publisher made. */
  Path work;

  @BeforeEach
  void host() throws Exception {
    Path registry = dir.resolve("registry");
    RegistryInit.init(registry, "trunk", "myorg");
    server = new GitServer();
    hosted = server.host("myorg/registry", registry, dir.resolve("hosted.git"));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    hosted.close();
  }

  Publisher publisher(String url, Map<String, String> env) throws Exception {
    return publisher(new BranchPublisherFactory(), url, env);
  }

  Publisher publisher(BranchPublisherFactory factory, String url, Map<String, String> env) throws Exception {
    List<ConfigKey> keys = factory.configKeys();
    var config = new TestConfig(keys, Map.of("registry", url), Map.of(), dir);
    work = java.nio.file.Files.createTempDirectory(dir, "run");
    return factory.create(url, config, new PluginContext(env, dir, work, line -> { }));
  }

  PublishResult publish(Publisher publisher, String content) throws Exception {
    return publisher.publish(new PublishRequest(LocalFolderPublisherTest.NS, List.of(LocalFolderPublisherTest.manifest("latest",
        content)), SourceInfo.unknown(), Optional.empty(), line -> { }));
  }

  Map<String, String> token() {
    return Map.of("SKIFF_GITHUB_TOKEN", GitServer.TOKEN);
  }

  String fileOnServer(String ref, String path) throws Exception {
    try (RevWalk walk = new RevWalk(hosted); TreeWalk tree = TreeWalk.forPath(hosted, path,
        walk.parseCommit(hosted.resolve(ref)).getTree())) {
      return tree == null ? null : new String(hosted.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aNewNamespaceIsPushedAsABranchFromTheDefaultBranch() throws Exception {
    ObjectId trunk = hosted.resolve("refs/heads/trunk");
    PublishResult result = publish(publisher(server.url("myorg/registry").toString(), token()), "a");
    assertThat(result.changed()).isTrue();
    assertThat(result.location()).isEqualTo("branch update/myorg/centos of " + server.url("myorg/registry"));
    assertThat(hosted.resolve(BRANCH).name()).isEqualTo(result.commit().orElseThrow());
    try (RevWalk walk = new RevWalk(hosted)) {
      assertThat(walk.parseCommit(hosted.resolve(BRANCH)).getParent(0)).isEqualTo(trunk);
    }
    assertThat(fileOnServer(BRANCH, "myorg/centos/manifests/latest/README.md"))
        .contains(LocalFolderPublisherTest.manifest("latest", "a").digest().hex());
    assertThat(hosted.resolve("refs/heads/trunk")).isEqualTo(trunk);
  }

  @Test
  void theSameManifestsAgainPushNothingAndAChangeGoesOnTop() throws Exception {
    String url = server.url("myorg/registry").toString();
    publish(publisher(url, token()), "a");
    ObjectId first = hosted.resolve(BRANCH);
    server.pushes.clear();
    PublishResult again = publish(publisher(url, token()), "a");
    assertThat(again.changed()).isFalse();
    assertThat(server.pushes).isEmpty();
    assertThat(hosted.resolve(BRANCH)).isEqualTo(first);
    publish(publisher(url, token()), "b");
    try (RevWalk walk = new RevWalk(hosted)) {
      assertThat(walk.parseCommit(hosted.resolve(BRANCH)).getParent(0)).isEqualTo(first);
    }
  }

  @Test
  void theDirectPublisherPushesOntoTheDefaultBranch() throws Exception {
    ObjectId trunk = hosted.resolve("refs/heads/trunk");
    PublishResult result = publish(publisher(new DirectPublisherFactory(), server.url("myorg/registry").toString(),
        token()), "a");
    assertThat(result.location()).isEqualTo("branch trunk of " + server.url("myorg/registry"));
    try (RevWalk walk = new RevWalk(hosted)) {
      assertThat(walk.parseCommit(hosted.resolve("refs/heads/trunk")).getParent(0)).isEqualTo(trunk);
    }
    assertThat(hosted.resolve(BRANCH)).isNull();
  }

  @Test
  void aBadTokenFailsBeforeAnythingIsBuiltWithoutShowingTheToken() {
    assertThatThrownBy(() -> publisher(server.url("myorg/registry").toString(), Map.of("GITHUB_TOKEN", "wrong-secret")))
        .isInstanceOf(SkiffException.class)
        .hasMessage("registry " + server.url("myorg/registry") + ": the token was refused; set SKIFF_GITHUB_TOKEN (or"
            + " GITHUB_TOKEN) to a token that may push to it")
        .hasMessageNotContaining("wrong-secret");
  }

  @Test
  void aUrlThatIsNotARepository() {
    assertThatThrownBy(() -> publisher(server.url("myorg/nothing").toString(), token()))
        .hasMessageStartingWith("registry " + server.url("myorg/nothing") + ": not a git repository");
  }

  @Test
  void aPushRefusedByBranchProtectionIsOneLineAndChangesNothing() throws Exception {
    server.protectedPrefixes.add("refs/heads/update/");
    Publisher publisher = publisher(server.url("myorg/registry").toString(), token());
    assertThatThrownBy(() -> publish(publisher, "a")).isInstanceOf(SkiffException.class)
        .hasMessage("registry " + server.url("myorg/registry") + ": the push of update/myorg/centos was refused:"
            + " protected branch hook declined; nothing was changed");
    assertThat(hosted.resolve(BRANCH)).isNull();
  }

  @Test
  void aBranchAnotherRunMovedIsFetchedAgainNotOverwritten() throws Exception {
    String url = server.url("myorg/registry").toString();
    publish(publisher(url, token()), "a");
    // Another run's commit lands on the branch before ours: ours goes on top of it.
    Path other = dir.resolve("other");
    try (Git git = Git.cloneRepository().setURI(url).setDirectory(other.toFile()).setBranch("update/myorg/centos")
        .setCredentialsProvider(BranchPublisherFactory.credentials(token())).call()) {
      java.nio.file.Files.writeString(other.resolve("myorg/centos/README.md"), "---\nlayout: collection\n---\n");
      git.add().addFilepattern("myorg/centos/README.md").call();
      var me = new org.eclipse.jgit.lib.PersonIdent("other", "other@example.org");
      git.commit().setMessage("another run").setAuthor(me).setCommitter(me).setSign(false).call();
      git.push().setCredentialsProvider(BranchPublisherFactory.credentials(token())).call();
    }
    ObjectId theirs = hosted.resolve(BRANCH);
    publish(publisher(url, token()), "b");
    try (RevWalk walk = new RevWalk(hosted)) {
      assertThat(walk.parseCommit(hosted.resolve(BRANCH)).getParent(0)).isEqualTo(theirs);
    }
    assertThat(fileOnServer(BRANCH, "myorg/centos/README.md")).isEqualTo("---\nlayout: collection\n---\n");
  }

  @Test
  void aBranchAnotherRunMovesDuringThePushIsReadAgainAndOursGoesOnTop() throws Exception {
    String url = server.url("myorg/registry").toString();
    publish(publisher(url, token()), "a");
    LocalFolderPublisher anotherRun = new LocalFolderPublisher(hosted.getDirectory().toPath(), LocalFolderPublisherTest.UPDATE,
        BranchPublisherFactory.IDENTITY);
    server.beforeNextPush.set(() -> {
      try {
        publish(anotherRun, "theirs");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    publish(publisher(url, token()), "b");
    assertThat(server.beforeNextPush.get()).as("the race ran").isNull();
    // Our first push, built on "a", was refused; the second went on top of theirs.
    try (RevWalk walk = new RevWalk(hosted)) {
      var tip = walk.parseCommit(hosted.resolve(BRANCH));
      assertThat(walk.parseCommit(tip.getParent(0)).getFullMessage()).contains(
          LocalFolderPublisherTest.manifest("latest", "theirs").digest().toString());
    }
    assertThat(fileOnServer(BRANCH, "myorg/centos/manifests/latest/README.md"))
        .contains(LocalFolderPublisherTest.manifest("latest", "b").digest().hex());
  }

  @Test
  void onlyTheNamespacesFolderIsFetchedAndTheRestIsKept() throws Exception {
    ObjectId otherPage = addOtherNamespaceToTrunk();
    publish(publisher(server.url("myorg/registry").toString(), token()), "a");
    try (Repository local = new FileRepositoryBuilder().setGitDir(work.resolve("registry.git").toFile()).build()) {
      assertThat(local.getObjectDatabase().has(otherPage)).as("another namespace's page stays on the server").isFalse();
    }
    assertThat(fileOnServer(BRANCH, "lab/other/manifests/latest/README.md")).isNotNull();
    assertThat(fileOnServer(BRANCH, "myorg/centos/manifests/latest/README.md")).isNotNull();
  }

  @Test
  void aServerThatCannotFilterGetsAWholeShallowFetch() throws Exception {
    ObjectId otherPage = addOtherNamespaceToTrunk();
    server.partialFetches = false;
    PublishResult result = publish(publisher(server.url("myorg/registry").toString(), token()), "a");
    assertThat(result.changed()).isTrue();
    try (Repository local = new FileRepositoryBuilder().setGitDir(work.resolve("registry.git").toFile()).build()) {
      assertThat(local.getObjectDatabase().has(otherPage)).isTrue();
    }
    assertThat(fileOnServer(BRANCH, "lab/other/manifests/latest/README.md")).isNotNull();
  }

  @Test
  void aTokenThatMayReadButNotPushIsOneLineWhenThePublisherOpensAndChangesNothing() throws Exception {
    // Opening the publisher asks for a push: a run learns this before it builds anything.
    assertThatThrownBy(() -> publisher(server.url("myorg/registry").toString(), Map.of("GITHUB_TOKEN",
        GitServer.READ_TOKEN))).isInstanceOf(SkiffException.class)
        .hasMessage("registry " + server.url("myorg/registry") + ": the token may read but not push; give it write"
            + " access to the repository (Contents: Read and write)")
        .hasMessageNotContaining(GitServer.READ_TOKEN);
    assertThat(hosted.resolve(BRANCH)).isNull();
  }

  @Test
  void aBranchNameGitRefusesIsOneLineBeforeAnythingIsSent() throws Exception {
    String url = server.url("myorg/registry").toString();
    BranchPublisherFactory factory = new BranchPublisherFactory();
    List<ConfigKey> keys = factory.configKeys();
    var config = new TestConfig(keys, Map.of("registry", url,
        BranchPublisherFactory.PREFIX, "update.."), Map.of(), dir);
    Publisher publisher = factory.create(url, config, new PluginContext(token(), dir, dir, line -> { }));
    server.pushes.clear();
    assertThatThrownBy(() -> publish(publisher, "a"))
        .hasMessage("registry " + url + ": 'update..myorg/centos' is not a valid branch name; check"
            + " publisher.branch.prefix");
    assertThat(server.pushes).isEmpty();
  }

  @Test
  void anSshRegistryIsReachedWithTheKeysOfTheRunsHome() throws Exception {
    try (SshGitServer ssh = new SshGitServer()) {
      ssh.serve("myorg/registry", hosted);
      Path home = ssh.writeClientHome(dir.resolve("home"));
      PublishResult result;
      try (Publisher publisher = publisher(ssh.url("myorg/registry"), Map.of("HOME", home.toString()))) {
        result = publish(publisher, "a");
      }
      assertThat(result.changed()).isTrue();
      assertThat(fileOnServer(BRANCH, "myorg/centos/manifests/latest/README.md"))
          .contains(LocalFolderPublisherTest.manifest("latest", "a").digest().hex());
      Path stranger = dir.resolve("stranger");
      java.nio.file.Files.createDirectories(stranger.resolve(".ssh"));
      java.nio.file.Files.copy(home.resolve(".ssh/known_hosts"), stranger.resolve(".ssh/known_hosts"));
      assertThatThrownBy(() -> publisher(ssh.url("myorg/registry"), Map.of("HOME", stranger.toString())))
          .as("a home without the key").isInstanceOf(SkiffException.class)
          .hasMessageStartingWith("registry " + ssh.url("myorg/registry").replace("git@", "")
              + ": the SSH server accepted none of the keys in ~/.ssh; add a key it accepts")
          .hasMessageNotContaining("\n");
    }
  }

  /** Commits a namespace lab/other onto trunk on the server; returns the id of its manifest page. */
  private ObjectId addOtherNamespaceToTrunk() throws Exception {
    var other = dev.skiff.model.Namespace.parse("lab/other");
    var mine = LocalFolderPublisherTest.manifest("latest", "other");
    var manifest = new dev.skiff.model.Manifest(other, mine.tag(), mine.digest(), mine.size(), mine.url(),
        mine.provenance());
    new LocalFolderPublisher(hosted.getDirectory().toPath(), UpdateTarget.defaultBranch(false), BranchPublisherFactory.IDENTITY)
        .publish(new PublishRequest(other, List.of(manifest), SourceInfo.unknown(), Optional.empty(), line -> { }));
    try (RevWalk walk = new RevWalk(hosted); TreeWalk tree = TreeWalk.forPath(hosted,
        "lab/other/manifests/latest/README.md", walk.parseCommit(hosted.resolve("refs/heads/trunk")).getTree())) {
      return tree.getObjectId(0);
    }
  }
}
