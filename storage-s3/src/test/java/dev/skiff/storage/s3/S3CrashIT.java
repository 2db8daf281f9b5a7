package dev.skiff.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.publisher.CrashHarness;
import dev.skiff.publisher.CrashKills;
import dev.skiff.spi.Storage;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs killed with SIGKILL at random points while they build, upload to S3Mock (in 5 MiB parts,
 * so that kills land inside multipart uploads) and push: no object under a blob's key with other
 * bytes, no manifest pointing at a missing blob, and the next run converges. Multipart uploads a
 * kill leaves unfinished are counted; the storage guide's lifecycle rule removes them.
 */
class S3CrashIT {
  @TempDir
  Path work;

  @Test
  void killedRunsLeaveNothingHalfWrittenAndTheNextRunConverges() throws Exception {
    URI location = S3Harness.freshLocation();
    URI endpoint = S3MockServer.shared().endpoint();
    Map<String, String> settings = Map.of("storage", location.toString(), S3Settings.ENDPOINT, endpoint.toString(),
        S3Settings.PART_SIZE, "5M");
    long seed = System.nanoTime();
    try (CrashHarness harness = new CrashHarness(work, settings, S3Harness.CREDENTIALS, seed);
        Storage store = S3Harness.open(location, endpoint, Map.of(), S3Harness.CREDENTIALS, work)) {
      CrashHarness.Outcome outcome = harness.killRepeatedly(CrashKills.count(), store);
      assertThat(outcome.kills()).as("seed " + seed).isEqualTo(CrashKills.count());
      System.out.println("S3 storage: " + outcome + ", unfinished multipart uploads: " + unfinishedUploads(location));
    }
  }

  private static int unfinishedUploads(URI location) throws Exception {
    try (S3Client s3 = S3Harness.reader(S3MockServer.shared().endpoint())) {
      return s3.listMultipartUploads(r -> r.bucket(S3MockServer.BUCKET).prefix(location.getPath().substring(1)))
          .uploads().size();
    }
  }
}
