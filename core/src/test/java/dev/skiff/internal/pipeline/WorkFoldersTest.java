package dev.skiff.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work folders of killed runs go, those of live runs stay. A second JVM plays the other run, and is
 * killed with SIGKILL, as a CI runner cancelling a job would.
 */
class WorkFoldersTest {
  @TempDir
  Path temp;

  @Test
  void aLiveRunsFolderStaysAndAKilledRunsFolderGoes() throws Exception {
    Path root = Files.createDirectories(temp.resolve("tmp"));
    WorkFolders folders = new WorkFolders(root);
    Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OtherRun.class.getName(), root.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
        WorkFolders.WorkFolder own = folders.claim()) {
      // The other run prints its folder once it holds the lock and has written a build's output.
      Path othersFolder = Path.of(out.readLine());
      assertThat(othersFolder.resolve("build-latest/image.sif")).isRegularFile();

      assertThat(folders.removeAbandoned(own)).isZero();
      assertThat(othersFolder).isDirectory();

      other.destroyForcibly();
      assertThat(other.waitFor(1, TimeUnit.MINUTES)).isTrue();

      assertThat(folders.removeAbandoned(own)).isEqualTo(1);
      assertThat(othersFolder).doesNotExist();
      assertThat(own.path()).isDirectory();
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void twoRunsInOneJvmLeaveEachOthersFoldersAlone() throws Exception {
    WorkFolders folders = new WorkFolders(temp);
    try (WorkFolders.WorkFolder first = folders.claim(); WorkFolders.WorkFolder second = folders.claim()) {
      assertThat(folders.removeAbandoned(first)).isZero();
      assertThat(folders.removeAbandoned(second)).isZero();
      assertThat(first.path()).isDirectory();
      assertThat(second.path()).isDirectory();
    }
  }

  @Test
  void closingDeletesTheFolder() throws Exception {
    WorkFolders.WorkFolder work = new WorkFolders(temp).claim();
    Files.writeString(Files.createDirectories(work.path().resolve("build-latest")).resolve("image.sif"), "x");
    work.close();
    assertThat(work.path()).doesNotExist();
  }

  @Test
  void removingADeadFolderNeverFollowsItsLinks() throws Exception {
    Path root = Files.createDirectories(temp.resolve("tmp"));
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Path precious = Files.writeString(outside.resolve("precious"), "keep");
    Files.writeString(outside.resolve(WorkFolders.LOCK_FILE), "");
    // A dead run's folder holding links out, and a link dressed as a work folder.
    Path dead = Files.createDirectories(root.resolve(WorkFolders.PREFIX + "dead"));
    Files.writeString(dead.resolve(WorkFolders.LOCK_FILE), "");
    Files.createSymbolicLink(dead.resolve("to-file"), precious);
    Files.createSymbolicLink(dead.resolve("to-folder"), outside);
    Files.createSymbolicLink(root.resolve(WorkFolders.PREFIX + "link"), outside);

    WorkFolders folders = new WorkFolders(root);
    try (WorkFolders.WorkFolder own = folders.claim()) {
      assertThat(folders.removeAbandoned(own)).isEqualTo(1);
    }
    assertThat(dead).doesNotExist();
    assertThat(root.resolve(WorkFolders.PREFIX + "link")).isSymbolicLink();
    assertThat(precious).hasContent("keep");
    assertThat(outside.resolve(WorkFolders.LOCK_FILE)).isRegularFile();
  }

  @Test
  void aFolderWithoutALockFileGoesOnlyAfterTheGracePeriod() throws Exception {
    Path fresh = Files.createDirectories(temp.resolve(WorkFolders.PREFIX + "fresh"));
    Path old = Files.createDirectories(temp.resolve(WorkFolders.PREFIX + "old"));
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(WorkFolders.UNLOCKED_GRACE).minusSeconds(60)));
    Path unrelated = Files.createDirectories(temp.resolve("other-tool-run"));
    Files.setLastModifiedTime(unrelated, FileTime.fromMillis(0));

    WorkFolders folders = new WorkFolders(temp);
    try (WorkFolders.WorkFolder own = folders.claim()) {
      assertThat(folders.removeAbandoned(own)).isEqualTo(1);
    }
    assertThat(fresh).isDirectory();
    assertThat(old).doesNotExist();
    assertThat(unrelated).isDirectory();
  }

  /** The other run: claims a folder under the given root, writes into it, says where, and waits to be killed. */
  public static final class OtherRun {
    public static void main(String[] args) throws Exception {
      WorkFolders.WorkFolder work = new WorkFolders(Path.of(args[0])).claim();
      Files.writeString(Files.createDirectories(work.path().resolve("build-latest")).resolve("image.sif"), "partial");
      OutputStream out = System.out;
      out.write((work.path() + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      System.in.read(); // until killed; never closes the folder
    }
  }

  @Test
  void aRemovalAKillCutShortIsFinishedByTheNextRun() throws Exception {
    Path gone = Files.createDirectories(temp.resolve(WorkFolders.GONE_PREFIX + "123/build-latest"));
    Files.writeString(gone.resolve("image.sif"), "half deleted");
    WorkFolders folders = new WorkFolders(temp);
    try (WorkFolders.WorkFolder own = folders.claim()) {
      assertThat(own.path().getFileName().toString()).startsWith(WorkFolders.PREFIX);
      assertThat(own.path().resolve(WorkFolders.LOCK_FILE)).isRegularFile();
      assertThat(folders.removeAbandoned(own)).isEqualTo(1);
    }
    assertThat(temp.resolve(WorkFolders.GONE_PREFIX + "123")).doesNotExist();
    try (var left = Files.list(temp)) {
      assertThat(left).as("nothing left after the run closed").isEmpty();
    }
  }

  @Test
  void aStagedFolderOfARunKilledBeforeItWasNamedGoesAfterTheGracePeriod() throws Exception {
    // A starting run's folder: its lock file may not be locked yet, so it is not taken at once.
    Path starting = Files.createDirectories(temp.resolve(WorkFolders.NEW_PREFIX + "starting"));
    Files.writeString(starting.resolve(WorkFolders.LOCK_FILE), "");
    Path stale = Files.createDirectories(temp.resolve(WorkFolders.NEW_PREFIX + "stale"));
    Files.writeString(stale.resolve(WorkFolders.LOCK_FILE), "");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(WorkFolders.UNLOCKED_GRACE).minusSeconds(60)));
    WorkFolders folders = new WorkFolders(temp);
    try (WorkFolders.WorkFolder own = folders.claim()) {
      assertThat(folders.removeAbandoned(own)).isEqualTo(1);
    }
    assertThat(starting).isDirectory();
    assertThat(stale).doesNotExist();
  }
}
