package dev.skiff.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.publisher.CrashHarness;
import dev.skiff.publisher.CrashKills;
import dev.skiff.spi.Storage;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs killed with SIGKILL at random points while they build, upload to the Cloud Storage emulator
 * (in 1 MiB resumable chunks, so that kills land inside uploads) and push: no object under a
 * blob's key with other bytes, no manifest pointing at a missing blob, and the next run converges.
 */
class GcsCrashIT {
  @TempDir
  Path work;

  @Test
  void killedRunsLeaveNothingHalfWrittenAndTheNextRunConverges() throws Exception {
    URI location = URI.create("gs://" + GcsEmulatorIT.BUCKET + "/crash-" + UUID.randomUUID());
    URI endpoint = GcsEmulator.shared().endpoint();
    Map<String, String> settings = Map.of("storage", location.toString(), GcsSettings.ENDPOINT, endpoint.toString(),
        GcsSettings.CHUNK_SIZE, "1M");
    long seed = System.nanoTime();
    try (CrashHarness harness = new CrashHarness(work, settings, Map.of(), seed);
        Storage store = GcsEmulator.open(location, endpoint, Map.of(), work)) {
      CrashHarness.Outcome outcome = harness.killRepeatedly(CrashKills.count(), store);
      assertThat(outcome.kills()).as("seed " + seed).isEqualTo(CrashKills.count());
      System.out.println("GCS storage: " + outcome);
    }
  }
}
