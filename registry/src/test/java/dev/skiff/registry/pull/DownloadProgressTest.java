package dev.skiff.registry.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record of a download as a later pull reads it: after a kill in the same boot the written
 * marks count, after a reboot (a power loss) only the synced ones, and never beyond the file.
 */
class DownloadProgressTest {
  static final long MIB = 1 << 20;
  static final long SIZE = 8 * MIB;
  static final long CHUNK = 4 * MIB;

  @TempDir
  Path work;

  /** A record in which part 0 was written up to 3 MiB and synced up to 2 MiB; part 1 is whole. */
  Path recorded() throws Exception {
    Path record = work.resolve("progress");
    try (DownloadProgress progress = DownloadProgress.open(record, SIZE, CHUNK, 0)) {
      DownloadProgress.Part first = progress.parts().get(0);
      DownloadProgress.Part second = progress.parts().get(1);
      progress.advance(first, 2 * MIB);
      long[] marks = progress.marks();
      progress.advance(first, 3 * MIB);
      progress.advance(second, SIZE);
      progress.synced(marks); // what was written before the sync began
    }
    return record;
  }

  @Test
  void theSameBootTrustsWhatWasWritten() throws Exception {
    try (DownloadProgress progress = DownloadProgress.open(recorded(), SIZE, CHUNK, SIZE)) {
      assertThat(progress.parts()).extracting(DownloadProgress.Part::next).containsExactly(3 * MIB, SIZE);
      assertThat(progress.done()).isEqualTo(3 * MIB + CHUNK);
      assertThat(progress.contiguous()).isEqualTo(3 * MIB);
    }
  }

  @Test
  void anotherBootTrustsOnlyWhatWasSynced() throws Exception {
    Path record = recorded();
    String text = Files.readString(record, StandardCharsets.US_ASCII);
    String boot = text.lines().filter(line -> line.startsWith("boot ")).findFirst().orElseThrow();
    // The same length, another boot: as the record reads after a power loss and a restart.
    String other = "boot " + "x".repeat(boot.length() - 5);
    Files.writeString(record, text.replace(boot, other), StandardCharsets.US_ASCII);
    try (DownloadProgress progress = DownloadProgress.open(record, SIZE, CHUNK, SIZE)) {
      assertThat(progress.parts()).extracting(DownloadProgress.Part::next).containsExactly(2 * MIB, CHUNK);
    }
  }

  @Test
  void noMarkCountsBeyondTheFilesEnd() throws Exception {
    try (DownloadProgress progress = DownloadProgress.open(recorded(), SIZE, CHUNK, MIB)) {
      assertThat(progress.parts()).extracting(DownloadProgress.Part::next).containsExactly(MIB, CHUNK);
    }
  }

  @Test
  void aRecordOfAnotherSplitOrATornOneStartsOver() throws Exception {
    Path record = recorded();
    try (DownloadProgress progress = DownloadProgress.open(record, SIZE, 2 * MIB, SIZE)) {
      assertThat(progress.done()).isZero();
    }
    Files.writeString(record, "skiff download progress 1\nsize", StandardCharsets.US_ASCII);
    try (DownloadProgress progress = DownloadProgress.open(record, SIZE, CHUNK, SIZE)) {
      assertThat(progress.done()).isZero();
    }
  }
}
