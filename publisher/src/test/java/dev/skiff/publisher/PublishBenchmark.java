package dev.skiff.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.model.Namespace;
import dev.skiff.model.SourceInfo;
import dev.skiff.registry.CollectionPage;
import dev.skiff.registry.ManifestPage;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.PublishResult;
import dev.skiff.testing.TestConfig;
import dev.skiff.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test of the suite: publishes one namespace into a synthetic registry of 20,000
 * namespaces (three tags each) served by the loopback git server, with Skiff and with the shell
 * flow the existing templates use (git clone, copy, add, commit, push), and Skiff into a registry
 * of 10 namespaces. Run it with
 * {@code ./mvnw -B -pl publisher -am test -Dtest=PublishBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PublishBenchmark {
  static final int LARGE = Integer.getInteger("benchmark.namespaces", 20_000);
  static final int SMALL = 10;
  static final int RUNS = 5;

  @TempDir
  Path dir;

  @Test
  void skiffBesideTheShellFlow() throws Exception {
    try (GitServer server = new GitServer()) {
      Repository large = registry("large", LARGE);
      Repository small = registry("small", SMALL);
      server.serve("myorg/large", large);
      server.serve("myorg/small", small);

      skiff(server, "myorg/small", "warm-up"); // class loading and JIT, so that both sizes run warm
      double[] smallTimes = new double[RUNS];
      double[] largeTimes = new double[RUNS];
      for (int run = 0; run < RUNS; run++) {
        smallTimes[run] = skiff(server, "myorg/small", "run " + run);
        largeTimes[run] = skiff(server, "myorg/large", "run " + run);
      }
      double skiffSmall = median(smallTimes);
      double skiffLarge = median(largeTimes);
      assertUntouchedBeside(large, LocalFolderPublisherTest.NS);
      double shell = shell(server, "myorg/large");
      System.out.printf("Publish benchmark, one namespace into a registry on the loopback git server"
          + " (skiff: median of %d warm runs):%n", RUNS);
      System.out.printf("  skiff, %6d namespaces:        %6.2f s%n", SMALL, skiffSmall);
      System.out.printf("  skiff, %6d namespaces:        %6.2f s (%.2f x its time at %d)%n", LARGE, skiffLarge,
          skiffLarge / skiffSmall, SMALL);
      System.out.printf("  git clone/copy/add/commit/push: %6.2f s%n", shell);
      System.out.printf("  shell flow / skiff:              %6.1f x%n", shell / skiffLarge);
    }
  }

  /** The pushed branch holds every other namespace of the default branch, unchanged. */
  private static void assertUntouchedBeside(Repository registry, Namespace namespace) throws Exception {
    String branch = UpdateTarget.perNamespace("update/", false).refName(namespace, "refs/heads/main");
    try (RevWalk walk = new RevWalk(registry);
        TreeWalk diff = new TreeWalk(registry)) {
      diff.addTree(walk.parseCommit(registry.resolve("refs/heads/main")).getTree());
      diff.addTree(walk.parseCommit(registry.resolve(branch)).getTree());
      diff.setFilter(TreeFilter.ANY_DIFF);
      diff.setRecursive(true);
      List<String> changed = new ArrayList<>();
      while (diff.next()) {
        changed.add(diff.getPathString());
      }
      assertThat(changed).isNotEmpty().allMatch(path -> path.startsWith(namespace + "/"));
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private double skiff(GitServer server, String name, String content) throws Exception {
    BranchPublisherFactory factory = new BranchPublisherFactory();
    List<ConfigKey> keys = factory.configKeys();
    String url = server.url(name).toString();
    var config = new TestConfig(keys, Map.of("registry", url), Map.of(), dir);
    long start = System.nanoTime();
    var publisher = factory.create(url, config, new PluginContext(Map.of("GITHUB_TOKEN", GitServer.TOKEN), dir,
        Files.createTempDirectory(dir, "skiff"), line -> { }));
    PublishResult result = publisher.publish(new PublishRequest(LocalFolderPublisherTest.NS,
        List.of(LocalFolderPublisherTest.manifest("latest", content)), SourceInfo.unknown(), Optional.empty(), line -> { }));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(result.changed()).isTrue();
    return seconds;
  }

  /** What the existing templates do: a full clone, the files copied in, add, commit, push. */
  private double shell(GitServer server, String name) throws Exception {
    String url = server.url(name).toString().replace("http://", "http://bot:" + GitServer.TOKEN + "@");
    Path clone = dir.resolve("clone");
    long start = System.nanoTime();
    Tools.ok(dir, "git", "clone", "--quiet", url, clone.toString());
    Tools.ok(clone, "git", "checkout", "--quiet", "-b", "update/myorg/shell");
    Path folder = Files.createDirectories(clone.resolve("myorg/shell/manifests/latest"));
    Files.writeString(folder.resolve("README.md"), ManifestPage.render(LocalFolderPublisherTest.manifest("latest", "bench")));
    Tools.ok(clone, "git", "add", "myorg/shell");
    Tools.ok(clone, "git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "--quiet", "-m",
        "update");
    Tools.ok(clone, "git", "push", "--quiet", "origin", "update/myorg/shell");
    return (System.nanoTime() - start) / 1e9;
  }

  /** A registry with {@code namespaces} namespaces of three tags, written object by object. */
  private Repository registry(String name, int namespaces) throws Exception {
    Path folder = dir.resolve(name + ".git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(folder.toFile()).call().close();
    Repository repository = new FileRepositoryBuilder().setGitDir(folder.toFile()).build();
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      ObjectId collection = blob(inserter, CollectionPage.render("synthetic"));
      ObjectId tags = blob(inserter, CollectionPage.renderTags());
      for (int i = 0; i < namespaces; i++) {
        Namespace ns = new Namespace("org" + (i % 100), "tool" + i);
        add(builder, RegistryLayout.collection(ns), collection);
        add(builder, RegistryLayout.tags(ns), tags);
        for (String tag : new String[] {"latest", "v1", "v2"}) {
          var manifest = new dev.skiff.model.Manifest(ns, dev.skiff.model.Tag.of(tag),
              dev.skiff.model.Digest.sha256((ns + tag).getBytes(StandardCharsets.UTF_8)), 1000 + i,
              java.net.URI.create("https://images.example.org/" + ns + "/" + tag + ".sif"),
              LocalFolderPublisherTest.manifest(tag, "x").provenance());
          add(builder, RegistryLayout.manifest(ns, manifest.tag()), blob(inserter, ManifestPage.render(manifest)));
        }
      }
      add(builder, "README.md", blob(inserter, "# synthetic registry\n"));
      builder.finish();
      ObjectId tree = index.writeTree(inserter);
      CommitBuilder commit = new CommitBuilder();
      PersonIdent who = new PersonIdent("bench", "bench@example.org");
      commit.setTreeId(tree);
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage("synthetic registry\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repository.updateRef(Constants.R_HEADS + "main");
      update.setNewObjectId(id);
      update.forceUpdate();
    }
    // Packed, with reachability bitmaps, as a hosting service keeps its repositories.
    try (Git git = Git.wrap(repository)) {
      git.gc().call();
    }
    return repository;
  }

  private static ObjectId blob(ObjectInserter inserter, String content) throws Exception {
    return inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
  }

  private static void add(DirCacheBuilder builder, String path, ObjectId blob) {
    DirCacheEntry entry = new DirCacheEntry(path);
    entry.setFileMode(FileMode.REGULAR_FILE);
    entry.setObjectId(blob);
    builder.add(entry);
  }
}
