package dev.skiff.cli;

import static dev.skiff.cli.SkiffCliIT.skiff;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff gc} as an operator runs it: after runs, over blobs of every kind and age, and wrongly. */
class GcCommandIT {
  private static final Instant MONTH_AGO = Instant.now().minus(Duration.ofDays(30));

  @TempDir
  Path work;

  private Path registry;
  private Path storage;
  private List<Path> published;

  /** A registry with the example published to its update/lab/hello branch, every blob a month old. */
  @BeforeEach
  void publishTheExample() throws Exception {
    registry = work.resolve("registry");
    storage = work.resolve("storage");
    assertThat(skiff("registry", "init", registry.toString()).exitCode()).isZero();
    SkiffCliIT.Result run = SkiffCliIT.run(SkiffCliIT.copyOfTheExample(work.resolve("hello")), "scratch",
        storage.toUri().toString(), registry);
    assertThat(run.exitCode()).as(run.err()).isZero();
    published = blobs();
    assertThat(published).hasSize(2);
    for (Path blob : published) {
      Files.setLastModifiedTime(blob, FileTime.from(MONTH_AGO));
    }
  }

  @Test
  void listsWhatNothingRefersToAndDeletesItOnlyWhenAsked() throws Exception {
    Path orphan = blob("a", MONTH_AGO);
    Path fresh = blob("b", Instant.now().minus(Duration.ofDays(2)));
    Path partial = Files.writeString(storage.resolve("lab/hello/." + "c".repeat(64)
        + ".0b7e1ab2-5a8c-4d39-9f3c-2f1d7e9a6c41.part"), "half");
    Files.setLastModifiedTime(partial, FileTime.from(MONTH_AGO));
    Path notOurs = Files.writeString(storage.resolve("lab/notes.txt"), "someone else's");
    Files.setLastModifiedTime(notOurs, FileTime.from(MONTH_AGO));

    SkiffCliIT.Result dry = gc();
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("would delete " + orphan.toUri(), "would delete " + partial.toUri())
        .doesNotContain(fresh.getFileName().toString(), "notes.txt")
        .contains("Kept: 2 referenced (80.0 KiB), 1 younger than 7d (4 B), 1 not Skiff's (14 B)")
        .contains("Would delete: 2 object(s), 8 B; run again with --delete to delete them");
    assertThat(orphan).exists();
    assertThat(partial).exists();

    SkiffCliIT.Result swept = gc("--delete");
    assertThat(swept.exitCode()).as(swept.err()).isZero();
    assertThat(swept.out()).contains("deleted " + orphan.toUri(), "Deleted: 2 object(s), 8 B");
    assertThat(orphan).doesNotExist();
    assertThat(partial).doesNotExist();
    // Referenced from the open update/lab/hello branch alone: kept.
    assertThat(published).allSatisfy(blob -> assertThat(blob).exists());
    assertThat(fresh).exists();
    assertThat(notOurs).hasContent("someone else's");

    SkiffCliIT.Result again = gc("--delete", "--grace", "0");
    assertThat(again.out()).contains("Deleted: 1 object(s), 4 B");
    assertThat(fresh).doesNotExist();
    assertThat(published).allSatisfy(blob -> assertThat(blob).exists());
  }

  @Test
  void keepsWhatTheRecentHistoryReferredToWhenAsked() throws Exception {
    String removedPage;
    try (Git git = Git.open(registry.toFile())) {
      git.checkout().setName("update/lab/hello").call();
      removedPage = Files.readString(registry.resolve("lab/hello/manifests/pancakes/README.md"));
      git.rm().addFilepattern("lab/hello/manifests/pancakes").call();
      git.commit().setMessage("the pancakes tag is gone").setSign(false).call();
    }
    Path removed = published.stream().filter(blob -> removedPage.contains(
        blob.getFileName().toString().replace(".sif", ""))).findFirst().orElseThrow();

    SkiffCliIT.Result withHistory = gc("--keep-history", "1d");
    assertThat(withHistory.out()).as(withHistory.err()).contains("Would delete: 0 object(s)");
    SkiffCliIT.Result tipsAlone = gc();
    assertThat(tipsAlone.out()).as(tipsAlone.err()).contains("would delete " + removed.toUri())
        .contains("Would delete: 1 object(s), 40.0 KiB");
  }

  @Test
  void refusesToSweepAgainstARegistryThatRefersToNothing() throws Exception {
    Path empty = work.resolve("empty");
    assertThat(skiff("registry", "init", empty.toString()).exitCode()).isZero();
    SkiffCliIT.Result result = skiff("gc", "--registry", empty.toString(), "--storage", storage.toUri().toString(),
        "--delete");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("error: registry " + empty + ": refers to no image at all; not sweeping")
        .hasLineCount(1);
    assertThat(published).allSatisfy(blob -> assertThat(blob).exists());
  }

  @Test
  void aRepositoryThatHoldsNoRegistryIsRefusedAndNothingIsDeleted() throws Exception {
    Path source = SkiffCliIT.committedRepository(work.resolve("source"), "Singularity", "Bootstrap: scratch\n");
    SkiffCliIT.Result result = skiff("gc", "--registry", source.toString(), "--storage", storage.toUri().toString(),
        "--delete", "--grace", "0");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("error: registry " + source + ": commit ").contains(" holds no registry");
    assertThat(result.err().lines()).hasSize(1);
    assertThat(published).isNotEmpty().allSatisfy(blob -> assertThat(blob).exists());
  }

  @Test
  void aBadDurationOrNoRegistryIsAUsageError() {
    SkiffCliIT.Result badGrace = gc("--grace", "a week");
    assertThat(badGrace.exitCode()).isEqualTo(2);
    assertThat(badGrace.err()).startsWith("skiff gc: error: --grace: 'a week' is not a duration; write seconds, or 90s, 30m, 2h, 7d");
    SkiffCliIT.Result noRegistry = skiff("gc", "--storage", storage.toUri().toString());
    assertThat(noRegistry.exitCode()).isEqualTo(2);
    assertThat(noRegistry.err()).startsWith("skiff gc: error: say which registry refers to the blobs");
    assertThat(published).allSatisfy(blob -> assertThat(blob).exists());
  }

  private SkiffCliIT.Result gc(String... extra) {
    String[] args = Stream.concat(Stream.of("gc", "--registry", registry.toString(), "--storage",
        storage.toUri().toString()), Stream.of(extra)).toArray(String[]::new);
    return skiff(args);
  }

  private Path blob(String hexDigit, Instant written) throws Exception {
    Path blob = Files.writeString(storage.resolve("lab/hello/" + hexDigit.repeat(64) + ".sif"), "blob");
    Files.setLastModifiedTime(blob, FileTime.from(written));
    return blob;
  }

  private List<Path> blobs() throws Exception {
    try (Stream<Path> files = Files.walk(storage)) {
      return files.filter(f -> f.toString().endsWith(".sif")).toList();
    }
  }
}
