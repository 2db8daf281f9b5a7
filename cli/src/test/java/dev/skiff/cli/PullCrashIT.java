package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.model.Digest;
import dev.skiff.registry.pull.ManifestPages;
import dev.skiff.registry.site.SiteRenderer;
import dev.skiff.registry.site.SiteRequest;
import dev.skiff.registry.site.StaticServer;
import dev.skiff.registry.verify.RegistryScenario;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff pull} as a whole process against nginx on loopback, ended by SIGKILL at random
 * points and by SIGINT, then run again: the rerun asks for exactly the bytes the record left by the
 * ended pull says are missing, and the bytes the record claims are the image's. nginx serves the
 * image slowly ({@code limit_rate}) so that a pull takes long enough to be ended part way, and logs
 * every request with its range and connection (see {@link StaticServer#mark()}).
 */
class PullCrashIT {
  /** Large enough for four ranges side by side. */
  static final int SIZE = 64 << 20;
  static final int PARTS = 4;
  static final Pattern KEPT = Pattern.compile("([0-9,]+) of ([0-9,]+) bytes are kept; skiff pull continues from there");

  @TempDir
  Path work;

  StaticServer server;
  byte[] image;
  Digest digest;
  Path cache;

  @BeforeEach
  void aSlowSite() throws Exception {
    Path root = Files.createDirectories(work.resolve("www"));
    image = new byte[SIZE];
    new Random(22).nextBytes(image);
    digest = Digest.sha256(image);
    Files.createDirectories(root.resolve("slow"));
    Files.write(root.resolve("slow/big.sif"), image);
    server = StaticServer.serve(root, work.resolve("nginx"), "location /slow/ { limit_rate 12m; }");
    Path registry = work.resolve("registry");
    try (RegistryScenario scenario = new RegistryScenario(registry)) {
      scenario.onMain().write("lab/big/manifests/latest/README.md",
          ManifestPages.of(image, server.url("slow/big.sif").toString())).commit();
    }
    SiteRenderer.render(SiteRequest.of(registry.toString(), root.resolve("site")));
    cache = work.resolve("xdg");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** {@code skiff pull} in a JVM of its own, with SIGINT handled whatever the test's parent ignores. */
  Process start(Path xdgCache, Path output) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("env", "--default-signal=INT",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "pull", "--quiet", server.url("site/").toString() + "lab/big:latest", "-o",
        output.toString());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv("PATH"));
    builder.environment().put("HOME", work.toString());
    builder.environment().put("XDG_CACHE_HOME", xdgCache.toString());
    builder.redirectOutput(work.resolve("out.log").toFile()).redirectError(work.resolve("err.log").toFile());
    return builder.start();
  }

  /** A part's range as the download record has it: first byte, last byte, first byte not yet held. */
  record Part(long start, long end, long next) {}

  Path slot() {
    return cache.resolve("skiff/downloads/sha256/" + digest.hex());
  }

  /** The parts as the record left by the last pull says, or whole parts when there is none. */
  List<Part> recorded() throws IOException {
    Path record = slot().resolve("progress");
    List<Part> parts = new ArrayList<>();
    if (Files.isRegularFile(record)) {
      for (String line : Files.readAllLines(record, StandardCharsets.US_ASCII)) {
        String[] fields = line.trim().split(" +");
        if (fields[0].equals("part")) {
          // Written in this boot: the written mark counts (fields 3), else only the synced one.
          parts.add(new Part(Long.parseLong(fields[1]), Long.parseLong(fields[2]),
              Math.max(Long.parseLong(fields[3]), Long.parseLong(fields[4]))));
        }
      }
    }
    if (parts.isEmpty()) {
      long step = SIZE / PARTS;
      for (int i = 0; i < PARTS; i++) {
        parts.add(new Part(i * step, (i + 1) * step - 1, i * step));
      }
    }
    return parts;
  }

  /** The ranges a pull must still ask for: the rest of each part. */
  static List<String> missing(List<Part> parts) {
    return parts.stream().filter(part -> part.next() <= part.end()).map(part -> "bytes=" + part.next() + "-" + part.end())
        .toList();
  }

  static long held(List<Part> parts) {
    return parts.stream().mapToLong(part -> part.next() - part.start()).sum();
  }

  /** Every byte the record claims is the image's byte. */
  void claimedBytesAreTheImages(List<Part> parts) throws IOException {
    Path data = slot().resolve("data");
    if (held(parts) == 0) {
      return;
    }
    try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "r")) {
      for (Part part : parts) {
        byte[] claimed = new byte[(int) (part.next() - part.start())];
        file.seek(part.start());
        file.readFully(claimed);
        assertThat(Arrays.equals(claimed, 0, claimed.length, image, (int) part.start(), (int) part.next()))
            .as("the bytes claimed of part %s", part).isTrue();
      }
    }
  }

  /** The ranges of the image asked by the clients whose connections came between two marks; the probe left out. */
  List<StaticServer.Logged> blobRequests(long after, long before) throws IOException {
    return server.logged().stream().filter(r -> r.connection() > after && r.connection() < before)
        .filter(r -> r.path().equals("/slow/big.sif")).toList();
  }

  static List<String> ranges(List<StaticServer.Logged> requests) {
    return requests.stream().map(StaticServer.Logged::range).filter(range -> !range.equals("bytes=0-0")).toList();
  }

  @Test
  void aPullKilledAtRandomPointsIsContinuedAskingOnlyForWhatIsMissing() throws Exception {
    // How long a whole pull takes here, into a cache of its own: the kill points fall within it.
    long startedAt = System.nanoTime();
    Process whole = start(work.resolve("other-cache"), work.resolve("whole.sif"));
    assertThat(whole.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(whole.exitValue()).as(Files.readString(work.resolve("err.log"))).isZero();
    long wholeMillis = (System.nanoTime() - startedAt) / 1_000_000;

    Random random = new Random(2212);
    int kills = 0;
    for (int run = 0; kills < 4 && run < 16; run++) {
      List<Part> before = recorded();
      long mark = server.mark();
      Process pull = start(cache, work.resolve("big.sif"));
      if (pull.waitFor(wholeMillis / 10 + random.nextInt((int) (wholeMillis * 8 / 10)), TimeUnit.MILLISECONDS)) {
        assertThat(pull.exitValue()).as(Files.readString(work.resolve("err.log"))).isZero();
        assertThat(ranges(blobRequests(mark, server.mark()))).containsExactlyInAnyOrderElementsOf(missing(before));
        Files.delete(work.resolve("big.sif"));
        Files.delete(cache.resolve("skiff/blobs/sha256/" + digest.hex()));
        continue; // ended before its kill point: the next run starts from nothing again
      }
      pull.destroyForcibly(); // SIGKILL: no hook, no finally block
      pull.waitFor();
      kills++;
      assertThat(ranges(blobRequests(mark, server.mark()))).as("asked by a killed pull").isSubsetOf(missing(before));
      Path entry = cache.resolve("skiff/blobs/sha256/" + digest.hex());
      if (Files.exists(entry)) {
        // Killed after its download entered the cache: the entry is whole; start from nothing again.
        assertThat(Files.readAllBytes(entry)).isEqualTo(image);
        Files.delete(entry);
        continue;
      }
      List<Part> after = recorded();
      claimedBytesAreTheImages(after);
      assertThat(held(after)).as("bytes kept").isGreaterThanOrEqualTo(held(before));
    }
    assertThat(kills).isEqualTo(4);

    List<Part> left = recorded();
    long mark = server.mark();
    Process last = start(cache, work.resolve("big.sif"));
    assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(last.exitValue()).as(Files.readString(work.resolve("err.log"))).isZero();
    List<StaticServer.Logged> asked = blobRequests(mark, server.mark());
    assertThat(ranges(asked)).as("asked by the run after the kills").containsExactlyInAnyOrderElementsOf(missing(left));
    assertThat(Files.readAllBytes(work.resolve("big.sif"))).isEqualTo(image);
    assertThat(slot().resolve("data")).doesNotExist();
  }

  @Test
  void ctrlCStopsAtOnceSaysWhatWasKeptAndTheNextPullContinuesIt() throws Exception {
    long mark = server.mark();
    Process pull = start(cache, work.resolve("big.sif"));
    // Under way: the record says some bytes of every part arrived.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (recorded().stream().anyMatch(part -> part.next() == part.start()) && System.nanoTime() < deadline) {
      assertThat(pull.waitFor(10, TimeUnit.MILLISECONDS)).as("the pull ended before it could be interrupted").isFalse();
    }
    double signalled = System.currentTimeMillis() / 1000.0;
    assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(pull.pid())).start().waitFor()).isZero();
    // Within 9 s, which a busy machine gives it: the shutdown hook used to hold every process for 10 s.
    assertThat(pull.waitFor(9, TimeUnit.SECONDS)).as("ended within 9 s of SIGINT").isTrue();
    assertThat(pull.exitValue()).isEqualTo(130);

    String err = Files.readString(work.resolve("err.log"));
    assertThat(err).startsWith("error: interrupted; the download of lab/big:latest stopped; ");
    Matcher kept = KEPT.matcher(err);
    assertThat(kept.find()).as(err).isTrue();
    List<Part> left = recorded();
    assertThat(Long.parseLong(kept.group(1).replace(",", ""))).as("what the message says is kept").isEqualTo(held(left));
    claimedBytesAreTheImages(left);
    List<StaticServer.Logged> asked = blobRequests(mark, server.mark());
    assertThat(asked).as("requests started after SIGINT").noneMatch(request -> request.started() > signalled);
    assertThat(asked).as("the probe and one request per part").hasSizeLessThanOrEqualTo(1 + PARTS);

    mark = server.mark();
    Process again = start(cache, work.resolve("big.sif"));
    assertThat(again.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(again.exitValue()).as(Files.readString(work.resolve("err.log"))).isZero();
    assertThat(ranges(blobRequests(mark, server.mark()))).containsExactlyInAnyOrderElementsOf(missing(left));
    assertThat(Files.readAllBytes(work.resolve("big.sif"))).isEqualTo(image);
  }
}
