package dev.skiff.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.PutResult;
import dev.skiff.spi.Storage;
import dev.skiff.testing.FaultProxy;
import dev.skiff.testing.TestImages;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test of the suite: uploads a 1 GiB file to S3Mock with Skiff's S3 storage
 * (hash, upload, verify) and with the AWS command line ({@code aws s3 cp}), prints both times and
 * their ratio, then uploads with Skiff again to show that an unchanged image sends no bytes. Run it
 * with {@code ./mvnw -B -pl storage-s3 -am test -Dtest=S3UploadBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * on a machine with Debian's {@code awscli}.
 */
class S3UploadBenchmark {
  static final long SIZE = Long.getLong("benchmark.size", 1L << 30);

  @TempDir
  Path dir;

  @Test
  void skiffBesideTheAwsCommandLine() throws Exception {
    Path file = TestImages.randomBlob(dir.resolve("image.sif"), SIZE, 1);
    // Both clients go through the same loopback relay: the AWS command line's Expect: 100-continue
    // handshake fails against S3Mock's Tomcat, and the relay answers it itself.
    try (FaultProxy relay = new FaultProxy(S3MockServer.shared().port())) {
      compare(file, relay.endpoint());
    }
  }

  private void compare(Path file, URI endpoint) throws Exception {
    URI location = S3Harness.freshLocation();

    // The AWS command line, as the existing templates would upload: a plain multipart copy.
    String awsKey = location.getPath().substring(1) + "/aws/image.sif";
    Map<String, String> awsEnv = awsEnvironment();
    String awsCli = Files.isExecutable(Path.of("/usr/bin/aws")) ? "/usr/bin/aws" : "aws"; // Debian's awscli
    String awsVersion = awsVersion(awsCli, awsEnv);
    ProcessBuilder aws = new ProcessBuilder(awsCli, "--endpoint-url", endpoint.toString(), "s3", "cp", "--only-show-errors",
        file.toString(), "s3://" + S3MockServer.BUCKET + "/" + awsKey).inheritIO();
    aws.environment().putAll(awsEnv);
    long awsStart = System.nanoTime();
    Process process = aws.start();
    assertThat(process.waitFor(30, TimeUnit.MINUTES)).isTrue();
    double awsSeconds = (System.nanoTime() - awsStart) / 1e9;
    assertThat(process.exitValue()).as("aws s3 cp").isZero();

    // Skiff: hash the image (as the store step does), upload it create-only with its checksum, verify.
    try (Storage storage = S3Harness.open(location, endpoint, Map.of(S3Settings.TIMEOUT, "30m",
        S3Settings.PART_SIZE, System.getProperty("benchmark.part-size", "16M")),
        S3Harness.CREDENTIALS, dir)) {
      long start = System.nanoTime();
      BlobKey key = new BlobKey(Namespace.parse("bench/images"), Digest.sha256(file));
      double hashSeconds = (System.nanoTime() - start) / 1e9;
      AtomicLong sent = new AtomicLong();
      PutResult first = storage.put(new PutRequest(key, file, SIZE, Map.of(), (done, total) -> sent.set(done)));
      double skiffSeconds = (System.nanoTime() - start) / 1e9;
      assertThat(first.uploaded()).isTrue();

      long againStart = System.nanoTime();
      AtomicLong sentAgain = new AtomicLong();
      PutResult again = storage.put(new PutRequest(key, file, SIZE, Map.of(), (done, total) -> sentAgain.set(done)));
      double againSeconds = (System.nanoTime() - againStart) / 1e9;
      assertThat(again.uploaded()).isFalse();

      System.out.printf("S3 upload benchmark, %d MiB to S3Mock on loopback:%n", SIZE >> 20);
      System.out.printf("  aws s3 cp (plain upload):                %6.2f s (%s)%n", awsSeconds, awsVersion);
      System.out.printf("  skiff (hash + create-only upload + verify): %6.2f s, %d bytes sent (hash %.2f s, upload"
          + " and verify %.2f s)%n", skiffSeconds, sent.get(), hashSeconds, skiffSeconds - hashSeconds);
      System.out.printf("  ratio skiff / aws:                       %6.2f%n", skiffSeconds / awsSeconds);
      System.out.printf("  skiff again, image unchanged:            %6.2f s, %d bytes sent%n", againSeconds, sentAgain.get());
    }
  }

  /**
   * The AWS command line's settings for S3Mock. Since AWS CLI 1.36 and 2.23 uploads carry CRC32
   * checksums by default, which S3Mock refuses when a multipart upload completes; "when_required"
   * turns them back to what S3 itself requires. Older versions ignore the two variables.
   */
  private static Map<String, String> awsEnvironment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(Map.of("AWS_ACCESS_KEY_ID", "test-key", "AWS_SECRET_ACCESS_KEY", "test-secret",
        "AWS_DEFAULT_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true",
        "AWS_REQUEST_CHECKSUM_CALCULATION", "when_required",
        "AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required"));
    env.remove("AWS_PROFILE");
    return env;
  }

  /** The first line of {@code aws --version}, so the printed figures say which client they measured. */
  private static String awsVersion(String awsCli, Map<String, String> env) throws Exception {
    ProcessBuilder version = new ProcessBuilder(awsCli, "--version").redirectErrorStream(true);
    version.environment().putAll(env);
    Process process = version.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as("aws --version: %s", output).isZero();
    return output.lines().findFirst().orElse("aws, version unknown").strip();
  }
}
