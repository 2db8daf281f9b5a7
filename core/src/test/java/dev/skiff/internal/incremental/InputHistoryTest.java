package dev.skiff.internal.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputHistoryTest {
  @TempDir
  Path repo;

  void commit(Git git, String file, String text, Instant when) throws Exception {
    Files.createDirectories(repo.resolve(file).getParent());
    Files.writeString(repo.resolve(file), text);
    git.add().addFilepattern(".").call();
    PersonIdent me = new PersonIdent(new PersonIdent("M", "m@example.org"), when, TimeZone.getTimeZone("UTC").toZoneId());
    git.commit().setMessage(file).setAuthor(me).setCommitter(me).call();
  }

  @Test
  void theDateIsThatOfTheLastCommitThatChangedAnInputEvenFromASubfolderSource() throws Exception {
    Instant first = Instant.parse("2025-01-01T00:00:00Z");
    Instant second = Instant.parse("2025-02-01T00:00:00Z");
    Instant third = Instant.parse("2025-03-01T00:00:00Z");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      commit(git, "images/a/Singularity", "Bootstrap: scratch\n", first);
      commit(git, "images/a/data/x.txt", "x\n", second);
      commit(git, "README.md", "elsewhere\n", third);
    }
    try (InputHistory history = InputHistory.open(repo.resolve("images")).orElseThrow()) {
      assertThat(history.lastChange(List.of("a/Singularity"))).contains(first);
      assertThat(history.lastChange(List.of("a/Singularity", "a/data"))).contains(second);
      assertThat(history.lastChange(List.of("a/Singularity", ""))).as("the whole source folder").contains(second);
      assertThat(history.lastChange(List.of("b/Singularity"))).isEmpty();
    }
  }

  @Test
  void outsideGitThereIsNoHistory() throws Exception {
    assertThat(InputHistory.open(repo)).isEmpty();
  }
}
