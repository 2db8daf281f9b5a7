package dev.skiff.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.Skiff;
import dev.skiff.publisher.GitServer;
import dev.skiff.registry.ManifestPage;
import dev.skiff.registry.RegistryInit;
import dev.skiff.report.BuildRecord;
import dev.skiff.report.RunReport;
import dev.skiff.spi.SkiffException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Incremental runs against a real git server and S3Mock, on loopback: a source repository of three
 * scratch recipes, changed commit by commit as a maintainer would, and what each run builds,
 * uploads and commits to the registry's branch.
 */
class IncrementalRunIT {
  static final String BRANCH = "refs/heads/update/lab/tools";

  @TempDir
  Path work;

  GitServer server;
  Repository hosted;
  Path source;
  Git sourceGit;
  URI location;
  final Map<String, String> env = new HashMap<>(S3Harness.CREDENTIALS);

  @BeforeEach
  void start() throws Exception {
    Path registry = work.resolve("registry");
    RegistryInit.init(registry, "main", "lab");
    server = new GitServer();
    hosted = server.host("lab/registry", registry, work.resolve("hosted.git"));
    env.put("PATH", System.getenv("PATH"));
    env.put("GITHUB_TOKEN", GitServer.TOKEN);
    location = S3Harness.freshLocation();

    source = Files.createDirectories(work.resolve("tools"));
    sourceGit = Git.init().setDirectory(source.toFile()).setInitialBranch("main").call();
    write("Singularity", "Bootstrap: scratch\n%files\n  a.sh /bin/a\n");
    write("a.sh", "#!/bin/sh\necho a\n");
    write("b/Singularity.b", "Bootstrap: scratch\n%files\n  share /share\n");
    write("b/share/data.txt", "b data\n");
    write("c/Singularity.c", "Bootstrap: scratch\n%help\n  the c image\n");
    commit("three recipes");
  }

  @AfterEach
  void stop() throws Exception {
    try (GitServer s = server; Repository r = hosted; Git g = sourceGit) {
      // closed
    }
  }

  void write(String path, String text) throws Exception {
    Path file = source.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  void commit(String message) throws Exception {
    commitAt(message, java.time.Instant.now());
  }

  void commitAt(String message, java.time.Instant when) throws Exception {
    sourceGit.add().addFilepattern(".").call();
    sourceGit.add().addFilepattern(".").setUpdate(true).call();
    PersonIdent me = new PersonIdent(new PersonIdent("Maintainer", "m@example.org"), when,
        java.time.ZoneOffset.UTC);
    sourceGit.commit().setMessage(message).setAuthor(me).setCommitter(me).call();
  }

  RunReport run() throws Exception {
    return run(skiff -> skiff);
  }

  RunReport run(UnaryOperator<Skiff> settings) throws Exception {
    Skiff skiff = Skiff.source(source).namespace("lab/tools").builder("scratch").storage(location.toString())
        .set(S3Settings.ENDPOINT, S3MockServer.shared().endpoint().toString())
        .registry(server.url("lab/registry").toString()).environment(env);
    RunReport report = settings.apply(skiff).plan().run();
    assertThat(report.succeeded()).as(report.toJson()).isTrue();
    return report;
  }

  static List<String> built(RunReport report) {
    return report.records().stream().filter(r -> r.status() == BuildRecord.Status.BUILT)
        .map(r -> r.tag().orElseThrow().value()).toList();
  }

  ObjectId tip() throws Exception {
    return hosted.resolve(BRANCH);
  }

  Optional<String> page(String tag) throws Exception {
    try (RevWalk walk = new RevWalk(hosted);
        TreeWalk tree = TreeWalk.forPath(hosted, "lab/tools/manifests/" + tag + "/README.md",
            walk.parseCommit(tip()).getTree())) {
      return tree == null ? Optional.empty()
          : Optional.of(new String(hosted.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void anUnchangedRepositoryBuildsUploadsAndCommitsNothing() throws Exception {
    RunReport first = run();
    assertThat(built(first)).containsExactly("latest", "b", "c");
    assertThat(first.uploads()).isEqualTo(3);
    ObjectId published = tip();
    String before = page("b").orElseThrow();

    write("README.md", "# tools\n");
    commit("a README, which no recipe reads");
    RunReport again = run();
    assertThat(built(again)).isEmpty();
    assertThat(again.uploads()).isZero();
    assertThat(again.published().orElseThrow().changed()).isFalse();
    assertThat(tip()).isEqualTo(published);
    assertThat(again.manifests()).extracting(m -> m.tag().value()).containsExactlyInAnyOrder("latest", "b", "c");
    assertThat(page("b")).contains(before);
  }

  @Test
  void aChangedFilesInputRebuildsOnlyItsRecipeDatedByThatCommit() throws Exception {
    run();
    write("README.md", "later\n");
    commit("unrelated");
    write("b/share/data.txt", "b data, revised\n");
    commit("new data for b");
    RevCommit change = sourceGit.log().setMaxCount(1).call().iterator().next();
    write("README.md", "later still\n");
    commit("unrelated again");

    RunReport report = run();
    assertThat(built(report)).containsExactly("b");
    assertThat(report.uploads()).isEqualTo(1);
    var fields = ManifestPage.read(page("b").orElseThrow());
    assertThat(fields.provenance().get(ManifestPage.CREATED))
        .isEqualTo(java.time.Instant.ofEpochSecond(change.getCommitTime()).toString());
    assertThat(report.records()).filteredOn(r -> r.tag().orElseThrow().value().equals("c"))
        .extracting(r -> r.error().orElseThrow()).containsExactly("unchanged");
  }

  @Test
  void rebuildBuildsAllOrTheNamedTagsAndTheSameInputsGiveTheSameImage() throws Exception {
    RunReport first = run();
    RunReport one = run(skiff -> skiff.set("rebuild", "c"));
    assertThat(built(one)).containsExactly("c");
    assertThat(one.uploads()).isZero();
    RunReport all = run(skiff -> skiff.set("rebuild", "all"));
    assertThat(built(all)).containsExactly("latest", "b", "c");
    assertThat(all.manifests()).extracting(m -> m.digest())
        .containsExactlyInAnyOrderElementsOf(first.manifests().stream().map(m -> m.digest()).toList());
  }

  @Test
  void rebuildAfterRebuildsImagesBuiltLongerAgo() throws Exception {
    run();
    // An image built long ago: its page says so, as one written by an earlier run would.
    rewriteOnBranch("c", page -> page.replaceAll("built: .*", "built: 2020-01-01T00:00:00Z"));
    assertThat(built(run(skiff -> skiff.set("rebuild-after", "30d")))).containsExactly("c");
    assertThat(built(run(skiff -> skiff.set("rebuild-after", "30d")))).isEmpty();
  }

  @Test
  void aBadRebuildAfterStopsTheRunBeforeAnything() {
    assertThatThrownBy(() -> run(skiff -> skiff.set("rebuild-after", "monthly")))
        .isInstanceOf(SkiffException.class)
        .hasMessageStartingWith("setting 'rebuild-after'")
        .hasMessageContaining("'monthly' is not a duration");
  }

  @Test
  void aDeletedRecipesTagIsRemovedUnlessKept() throws Exception {
    run();
    Files.delete(source.resolve("c/Singularity.c"));
    commit("c is retired");
    RunReport kept = run(skiff -> skiff.set("publisher.keep-removed-tags", "true"));
    assertThat(kept.published().orElseThrow().changed()).isFalse();
    assertThat(page("c")).isPresent();

    RunReport removed = run();
    assertThat(built(removed)).isEmpty();
    assertThat(removed.published().orElseThrow().changed()).isTrue();
    assertThat(page("c")).isEmpty();
    assertThat(page("b")).isPresent();
    try (RevWalk walk = new RevWalk(hosted)) {
      assertThat(walk.parseCommit(tip()).getShortMessage()).isEqualTo("Update lab/tools: removed (recipe gone): c");
    }
  }

  @Test
  void anOlderCommitsRunThatFinishesLastUndoesNothingOfANewerOne() throws Exception {
    RevCommit older = sourceGit.log().setMaxCount(1).call().iterator().next();
    // The newer commit, a second later at least, changes c and adds d; its run publishes first.
    write("c/Singularity.c", "Bootstrap: scratch\n%help\n  the c image, revised\n");
    write("d/Singularity.d", "Bootstrap: scratch\n%help\n  the d image\n");
    commitAt("c revised, d added", java.time.Instant.ofEpochSecond(older.getCommitTime()).plusSeconds(60));
    run();
    ObjectId newer = tip();
    String c = page("c").orElseThrow();

    // The run of the older commit finishes last: it would restore the old c and remove d.
    sourceGit.checkout().setName(older.name()).call();
    RunReport late = run();
    assertThat(late.published().orElseThrow().changed()).isFalse();
    assertThat(tip()).isEqualTo(newer);
    assertThat(page("c")).contains(c);
    assertThat(page("d")).isPresent();
  }

  @Test
  void aFrozenRecipeKeepsItsTag() throws Exception {
    run();
    write("c/.frozen", "");
    commit("c is frozen");
    RunReport report = run();
    assertThat(report.published().orElseThrow().changed()).isFalse();
    assertThat(page("c")).isPresent();
  }

  @Test
  void aNewBaseUrlRewritesThePagesWithoutABuild() throws Exception {
    run();
    String before = page("latest").orElseThrow();
    RunReport report = run(skiff -> skiff.set(S3Settings.BASE_URL, "https://images.example.org/"));
    assertThat(built(report)).isEmpty();
    assertThat(report.published().orElseThrow().changed()).isTrue();
    String after = page("latest").orElseThrow();
    assertThat(ManifestPage.read(after).url()).startsWith("https://images.example.org/");
    assertThat(ManifestPage.read(after).digest()).isEqualTo(ManifestPage.read(before).digest());
  }

  RunReport shard(int index, int total, Path records) throws Exception {
    return run(skiff -> skiff.set("shard", index + "/" + total).set("records", records.toString()));
  }

  RunReport publishRecords(UnaryOperator<Skiff> settings, Path... folders) throws Exception {
    Skiff skiff = Skiff.source(source).namespace("lab/tools").builder("scratch").storage(location.toString())
        .set(S3Settings.ENDPOINT, S3MockServer.shared().endpoint().toString())
        .registry(server.url("lab/registry").toString()).environment(env);
    return settings.apply(skiff).plan().publishRecords(List.of(folders));
  }

  /** What a manifest says about its image, without when it was built. */
  static List<String> images(List<dev.skiff.model.Manifest> manifests) {
    return manifests.stream().map(m -> m.tag() + " " + m.digest() + " " + m.size() + " " + m.url() + " "
        + m.provenance().created() + " " + m.provenance().inputDigest().orElseThrow()).sorted().toList();
  }

  @Test
  void fourShardsAndTheirFanInPublishWhatOneRunPublishes() throws Exception {
    for (int i = 0; i < 5; i++) {
      write("more/Singularity.m" + i, "Bootstrap: scratch\n%help\n  more " + i + "\n");
    }
    commit("more recipes");
    List<Path> folders = new java.util.ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      Path records = work.resolve("records-" + i);
      RunReport share = shard(i, 4, records);
      assertThat(share.published()).isEmpty();
      assertThat(built(share)).hasSize(2);
      folders.add(records);
    }
    assertThat(hosted.resolve(BRANCH)).as("shards publish nothing").isNull();
    RunReport fanIn = publishRecords(skiff -> skiff, folders.toArray(Path[]::new));
    assertThat(fanIn.published().orElseThrow().changed()).isTrue();
    assertThat(built(fanIn)).hasSize(8);
    try (RevWalk walk = new RevWalk(hosted)) {
      assertThat(walk.parseCommit(tip()).getParent(0)).as("one commit").isEqualTo(hosted.resolve("refs/heads/main"));
    }

    // The same commit, run whole into a registry of its own, publishes the same images.
    Path single = work.resolve("single-registry");
    RegistryInit.init(single, "main", "lab");
    RunReport whole = Skiff.source(source).namespace("lab/tools").builder("scratch").storage(location.toString())
        .set(S3Settings.ENDPOINT, S3MockServer.shared().endpoint().toString()).registry(single.toString())
        .environment(env).plan().run();
    assertThat(images(fanIn.manifests())).isEqualTo(images(whole.manifests()));

    // Unchanged, the shards build nothing and the fan-in commits nothing.
    for (int i = 1; i <= 4; i++) {
      assertThat(built(shard(i, 4, work.resolve("again-" + i)))).isEmpty();
    }
    RunReport again = publishRecords(skiff -> skiff, work.resolve("again-1"), work.resolve("again-2"),
        work.resolve("again-3"), work.resolve("again-4"));
    assertThat(again.published().orElseThrow().changed()).isFalse();
  }

  @Test
  void aFailedOrMissingShardBlocksThePublish() throws Exception {
    write("d/Singularity.d", "Bootstrap: scratch\n%files\n  missing.txt /missing.txt\n");
    commit("a recipe that cannot build");
    Path one = work.resolve("r1");
    Path two = work.resolve("r2");
    Skiff.source(source).namespace("lab/tools").builder("scratch").storage(location.toString())
        .set(S3Settings.ENDPOINT, S3MockServer.shared().endpoint().toString())
        .registry(server.url("lab/registry").toString()).environment(env).set("shard", "1/2")
        .set("records", one.toString()).plan().run();
    Skiff.source(source).namespace("lab/tools").builder("scratch").storage(location.toString())
        .set(S3Settings.ENDPOINT, S3MockServer.shared().endpoint().toString())
        .registry(server.url("lab/registry").toString()).environment(env).set("shard", "2/2")
        .set("records", two.toString()).plan().run();
    assertThatThrownBy(() -> publishRecords(skiff -> skiff, one, two))
        .isInstanceOf(SkiffException.class)
        .hasMessageContaining("d/Singularity.d failed")
        .hasMessageEndingWith("nothing was published");
    assertThatThrownBy(() -> publishRecords(skiff -> skiff, one))
        .hasMessage("shard 2/2: its records are missing; nothing was published");
    assertThat(hosted.resolve(BRANCH)).isNull();
  }

  @Test
  void recordsOfAnotherNamespaceOrCommitOrNoneAtAllAreRefused() throws Exception {
    Path records = work.resolve("records");
    shard(1, 1, records);
    assertThatThrownBy(() -> publishRecords(skiff -> skiff.namespace("lab/other"), records))
        .hasMessage("shard 1/1: its records are of namespace lab/tools, this publish's is lab/other");
    assertThatThrownBy(() -> publishRecords(skiff -> skiff, Files.createDirectories(work.resolve("empty"))))
        .hasMessageStartingWith("records " + work.resolve("empty") + ": no skiff-shard-*.json in it");
    write("README.md", "a later commit\n");
    commit("later");
    assertThatThrownBy(() -> publishRecords(skiff -> skiff, records))
        .hasMessageStartingWith("shard 1/1: built source commit ");
    assertThatThrownBy(() -> shard(5, 4, work.resolve("bad")))
        .hasMessageStartingWith("shard 5/4 (from ");
    assertThat(hosted.resolve(BRANCH)).isNull();
  }

  @Test
  void aRecordWhoseBlobIsGoneFromStorageBlocksThePublish() throws Exception {
    Path records = work.resolve("records");
    RunReport share = shard(1, 1, records);
    dev.skiff.model.Manifest gone = share.manifests().get(0);
    String key = location.getPath().substring(1) + "/lab/tools/" + gone.digest().hex() + ".sif";
    try (S3Client s3 = S3Harness.reader(S3MockServer.shared().endpoint())) {
      s3.deleteObject(r -> r.bucket(S3MockServer.BUCKET).key(key));
    }
    assertThatThrownBy(() -> publishRecords(skiff -> skiff, records))
        .hasMessageStartingWith("shard 1/1: tag " + gone.tag() + ": ")
        .hasMessageEndingWith("is not in storage; nothing was published");
    assertThat(hosted.resolve(BRANCH)).isNull();
  }

  /** Changes a page on the registry's branch, as a person with push access could. */
  private void rewriteOnBranch(String tag, UnaryOperator<String> edit) throws Exception {
    Path clone = work.resolve("edit-" + System.nanoTime());
    try (Git git = Git.cloneRepository().setURI(hosted.getDirectory().toURI().toString()).setDirectory(clone.toFile())
        .setBranch(BRANCH).call()) {
      Path page = clone.resolve("lab/tools/manifests/" + tag + "/README.md");
      Files.writeString(page, edit.apply(Files.readString(page)));
      git.add().addFilepattern(".").call();
      PersonIdent me = new PersonIdent("Admin", "admin@example.org");
      git.commit().setMessage("edit " + tag).setAuthor(me).setCommitter(me).call();
      git.push().setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:" + BRANCH)).call();
    }
  }
}
