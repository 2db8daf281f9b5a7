package dev.skiff.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.model.Manifest;
import dev.skiff.model.SourceInfo;
import dev.skiff.registry.RegistryInit;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.PublishResult;
import dev.skiff.spi.Publisher;
import dev.skiff.testing.TestConfig;
import dev.skiff.testing.Tools;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The narrow publish against git's own server ({@code git daemon} running git's upload-pack and
 * receive-pack, as hosting services run them), configured as GitHub serves partial clones: filters
 * allowed, objects asked for by id. Only the namespace's folder is fetched; the push lands.
 */
class GitDaemonIT {
  @TempDir
  Path dir;

  Process daemon;
  int port;
  Path bare;

  @BeforeEach
  void start() throws Exception {
    Path registry = dir.resolve("registry");
    RegistryInit.init(registry, "main", "myorg");
    Path served = Files.createDirectories(dir.resolve("served"));
    bare = served.resolve("registry.git");
    Tools.ok(dir, "git", "clone", "--quiet", "--bare", registry.toString(), bare.toString());
    Tools.ok(bare, "git", "config", "uploadpack.allowFilter", "true");
    Tools.ok(bare, "git", "config", "uploadpack.allowAnySHA1InWant", "true");
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    daemon = new ProcessBuilder("git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack",
        "--listen=127.0.0.1", "--port=" + port, "--base-path=" + served, served.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile()).start();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        break;
      } catch (java.io.IOException notYet) {
        if (System.nanoTime() > deadline || !daemon.isAlive()) {
          throw new IllegalStateException("git daemon did not start: " + Files.readString(dir.resolve("daemon.log")));
        }
        Thread.sleep(50);
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    daemon.destroy();
    daemon.waitFor();
  }

  Publisher publisher(Path work) throws Exception {
    String url = "git://127.0.0.1:" + port + "/registry.git";
    BranchPublisherFactory factory = new BranchPublisherFactory();
    List<ConfigKey> keys = factory.configKeys();
    var config = new TestConfig(keys, Map.of("registry", url), Map.of(), dir);
    return factory.create(url, config, new PluginContext(Map.of(), dir, work, line -> { }));
  }

  @Test
  void onlyTheNamespacesFolderIsFetchedFromGitsOwnServerAndThePushLands() throws Exception {
    ObjectId otherPage = otherNamespaceOnMain();
    Path work = Files.createDirectories(dir.resolve("work"));
    List<String> log = new ArrayList<>();
    assertThat(publishLatest(work, log).changed()).isTrue();
    assertThat(log).noneMatch(line -> line.contains("partial fetch"));
    try (Repository local = new FileRepositoryBuilder().setGitDir(work.resolve("registry.git").toFile()).build()) {
      assertThat(local.getObjectDatabase().has(otherPage)).as("another namespace's page stays on the server").isFalse();
    }
    try (Repository served = new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
        RevWalk walk = new RevWalk(served)) {
      var tip = walk.parseCommit(served.resolve("refs/heads/update/myorg/centos"));
      for (String path : List.of("lab/other/manifests/latest/README.md", "myorg/centos/manifests/latest/README.md")) {
        try (TreeWalk tree = TreeWalk.forPath(served, path, tip.getTree())) {
          assertThat(tree).as(path).isNotNull();
        }
      }
    }
    // git's own check of the whole repository finds nothing missing or broken.
    Tools.ok(bare, "git", "fsck", "--strict", "--no-dangling");
  }

  /** Publishes the tag latest of the test's namespace, from the work folder, into the log. */
  private PublishResult publishLatest(Path work, List<String> log) throws Exception {
    try (Publisher publisher = publisher(work)) {
      Manifest manifest = LocalFolderPublisherTest.manifest("latest", "a");
      return publisher.publish(new PublishRequest(LocalFolderPublisherTest.NS, List.of(manifest), SourceInfo.unknown(),
          Optional.empty(), log::add));
    }
  }

  /** Another namespace on main, pushed with the git command line: the id of its page. */
  private ObjectId otherNamespaceOnMain() throws Exception {
    Path clone = dir.resolve("clone");
    Tools.ok(dir, "git", "clone", "--quiet", "git://127.0.0.1:" + port + "/registry.git", clone.toString());
    Files.createDirectories(clone.resolve("lab/other/manifests/latest"));
    Files.writeString(clone.resolve("lab/other/manifests/latest/README.md"), "---\nlayout: container\n---\n");
    Tools.ok(clone, "git", "add", "lab");
    Tools.ok(clone, "git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "other");
    Tools.ok(clone, "git", "push", "--quiet", "origin", "HEAD:main");
    return ObjectId.fromString(Tools.ok(clone, "git", "rev-parse", "HEAD:lab/other/manifests/latest/README.md").strip());
  }

  @Test
  void fromAServerThatCannotFilterTheWholeTipIsFetchedAndThePushOfTheNamespaceLands() throws Exception {
    Tools.ok(bare, "git", "config", "uploadpack.allowFilter", "false");
    Tools.ok(bare, "git", "config", "uploadpack.allowAnySHA1InWant", "false");
    ObjectId otherPage = otherNamespaceOnMain();
    Path work = Files.createDirectories(dir.resolve("work"));
    List<String> log = new ArrayList<>();
    assertThat(publishLatest(work, log).changed()).isTrue();
    assertThat(log).as("the run says why it fetched everything, and what would spare it").contains("registry git://127.0.0.1:"
        + port + "/registry.git: its server serves no partial fetch, so every page of the registry was fetched, which"
        + " takes time and memory in proportion to it (a git server allows partial fetches with uploadpack.allowFilter"
        + " and uploadpack.allowAnySHA1InWant)");
    try (Repository local = new FileRepositoryBuilder().setGitDir(work.resolve("registry.git").toFile()).build()) {
      assertThat(local.getObjectDatabase().has(otherPage)).as("the whole tip was fetched").isTrue();
    }
    // The push read none of the trees beside the namespace's path; git's receive-pack checked that the
    // new commit reaches nothing it lacks, and its check of the whole repository agrees.
    ObjectId pushed = ObjectId.fromString(Tools.ok(bare, "git", "rev-parse", "update/myorg/centos").strip());
    assertThat(Tools.ok(bare, "git", "rev-parse", pushed.name() + "^").strip())
        .isEqualTo(Tools.ok(bare, "git", "rev-parse", "main").strip());
    Tools.ok(bare, "git", "fsck", "--strict", "--no-dangling");
  }
}
