package dev.skiff.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.Skiff;
import dev.skiff.spi.Storage;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs killed with SIGKILL at random points, with {@code file:} storage and the registry on a git
 * server: nothing half-written, and the next run converges. {@code -Dskiff.crash.kills=N} sets the
 * number of kills (the suite's bounded default is {@value CrashKills#DEFAULT}).
 */
class LocalStorageCrashIT {
  @TempDir
  Path work;

  @Test
  void killedRunsLeaveNothingHalfWrittenAndTheNextRunConverges() throws Exception {
    String storage = work.resolve("storage").toUri().toString();
    long seed = System.nanoTime();
    try (CrashHarness harness = new CrashHarness(work, Map.of("storage", storage), Map.of(), seed);
        Storage store = Skiff.source(work).environment(Map.of()).storage(storage).openStorage()) {
      CrashHarness.Outcome outcome = harness.killRepeatedly(CrashKills.count(), store);
      assertThat(outcome.kills()).as("seed " + seed).isEqualTo(CrashKills.count());
      System.out.println("file: storage: " + outcome);
    }
  }
}
