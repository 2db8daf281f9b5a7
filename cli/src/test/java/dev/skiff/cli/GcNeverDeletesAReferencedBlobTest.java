package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.Skiff;
import dev.skiff.registry.gc.GarbageCollector;
import dev.skiff.registry.gc.GcReport;
import dev.skiff.registry.gc.GcRequest;
import dev.skiff.spi.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.LongStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The property {@code skiff gc} rests on, over random registries and storages: a blob whose digest
 * a branch's or tag's latest files name (or, with a history, any commit of the period) is never
 * deleted, nor is a blob younger than the grace period or an object that is not a blob; every
 * other blob is deleted. Registries have several branches, tags, merges, commits whose clocks run
 * backwards, and digests written in every form a page may hold them. Each case is one seed, named
 * in the test's name, so that a failure can be run again.
 */
class GcNeverDeletesAReferencedBlobTest {
  private static final Instant NOW = Instant.now();

  @TempDir
  Path work;

  static LongStream seeds() {
    return LongStream.range(0, 60);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void keepsEveryReferencedOrYoungBlobAndSweepsTheRest(long seed) throws Exception {
    Random random = new Random(seed);
    List<String> digests = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      digests.add(HexFormat.of().formatHex(bytes));
    }
    Duration grace = Duration.ofDays(random.nextInt(10));
    Optional<Duration> history = random.nextBoolean() ? Optional.empty() : Optional.of(Duration.ofDays(random.nextInt(40)));
    Set<String> mustKeep = buildRegistry(random, digests, history.map(NOW::minus));

    Path storage = Files.createDirectories(work.resolve("storage"));
    Map<Path, Boolean> expectedToStay = new HashMap<>();
    for (String digest : digests) {
      if (random.nextInt(4) == 0) {
        continue; // not every digest has a blob
      }
      String owner = random.nextBoolean() ? "lab" : "other";
      Path blob = Files.createDirectories(storage.resolve(owner + "/tool")).resolve(digest + ".sif");
      Files.writeString(blob, digest);
      Instant written = NOW.minus(Duration.ofHours(random.nextInt(24 * 30)));
      Files.setLastModifiedTime(blob, FileTime.from(written));
      expectedToStay.put(blob, mustKeep.contains(digest) || written.isAfter(NOW.minus(grace)));
    }
    Path notABlob = Files.writeString(storage.resolve("lab/README.txt"), "not a blob");
    Files.setLastModifiedTime(notABlob, FileTime.from(NOW.minus(Duration.ofDays(365))));

    GcReport report;
    try (Storage store = Skiff.source(work).environment(Map.of()).storage(storage.toUri().toString()).openStorage()) {
      report = GarbageCollector.collect(new GcRequest(work.resolve("registry").toString(), grace, history, true, NOW),
          store, object -> { });
    }
    String trial = "seed " + seed + ", grace " + grace + ", history " + history;
    expectedToStay.forEach((blob, stays) -> assertThat(Files.exists(blob)).as(trial + ": " + blob).isEqualTo(stays));
    assertThat(notABlob).exists();
    assertThat(report.swept()).as(trial).hasSize((int) expectedToStay.values().stream().filter(stays -> !stays).count());
  }

  /**
   * Commits random pages on random branches and tags; returns the digests gc must keep: those the
   * tips name, and those of commits made since {@code since}.
   */
  private Set<String> buildRegistry(Random random, List<String> digests, Optional<Instant> since) throws Exception {
    Set<String> mustKeep = new HashSet<>();
    Path folder = work.resolve("registry");
    try (Git git = Git.init().setDirectory(folder.toFile()).setInitialBranch("main").call()) {
      // At least one digest is always named, so that the registry refers to something.
      Files.writeString(folder.resolve("README.md"), "registry of " + digests.get(0) + "\n");
      mustKeep.add(digests.get(0));
      commit(git, NOW.minus(Duration.ofDays(90)));
      List<String> branches = new ArrayList<>(List.of("main"));
      int more = 1 + random.nextInt(4);
      for (int b = 0; b < more; b++) {
        String name = "update/lab/tool" + b;
        git.branchCreate().setName(name).setStartPoint(branches.get(random.nextInt(branches.size()))).call();
        branches.add(name);
      }
      Map<String, Set<String>> tipDigests = new HashMap<>();
      int commits = 2 + random.nextInt(10);
      for (int c = 0; c < commits; c++) {
        String branch = branches.get(random.nextInt(branches.size()));
        git.checkout().setName(branch).call();
        Path page = folder.resolve("lab/tool/manifests/t" + random.nextInt(4) + "/README.md");
        Files.createDirectories(page.getParent());
        if (random.nextInt(5) == 0) {
          Files.deleteIfExists(page);
        } else {
          Files.writeString(page, page(random, digests.get(random.nextInt(digests.size()))));
        }
        // Clocks that run backwards as often as forwards.
        Instant time = NOW.minus(Duration.ofHours(random.nextInt(24 * 60)));
        commit(git, time);
        if (since.isPresent() && !time.isBefore(since.get())) {
          mustKeep.addAll(digestsIn(folder));
        }
        tipDigests.put(branch, digestsIn(folder));
        if (random.nextInt(6) == 0) {
          boolean annotated = random.nextBoolean();
          git.tag().setName("v" + c).setAnnotated(annotated).setMessage(annotated ? "tag" : null).setSigned(false)
              .call();
          mustKeep.addAll(digestsIn(folder)); // a tag is a tip of its own
        }
      }
      tipDigests.values().forEach(mustKeep::addAll);
      git.checkout().setName("main").call();
    }
    return mustKeep;
  }

  private static String page(Random random, String hex) {
    return switch (random.nextInt(4)) {
      case 0 -> "---\nlayout: manifests/singularity\ndigest: sha256:" + hex + "\n---\n";
      case 1 -> "---\nlayers:\n- url: https://b.example/lab/tool/" + hex + ".sif\n---\n";
      case 2 -> "---\ndigest: SHA256:" + hex.toUpperCase(Locale.ROOT) + "\n---\n";
      default -> "{\"digest\":\"sha256:" + hex + "\"}\n";
    };
  }

  /** The digests the working tree's files name, as the generator wrote them. */
  private static Set<String> digestsIn(Path folder) throws Exception {
    Set<String> found = new HashSet<>();
    try (var files = Files.walk(folder)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)
          .filter(f -> !folder.relativize(f).startsWith(".git"))::iterator) {
        var hex = java.util.regex.Pattern.compile("[0-9a-fA-F]{64}").matcher(Files.readString(file));
        while (hex.find()) {
          found.add(hex.group().toLowerCase(Locale.ROOT));
        }
      }
    }
    return found;
  }

  private static void commit(Git git, Instant time) throws Exception {
    PersonIdent who = new PersonIdent("Registry Bot", "bot@example.org", java.util.Date.from(time),
        TimeZone.getTimeZone("UTC"));
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    git.commit().setMessage("change").setAuthor(who).setCommitter(who).setSign(false).setAllowEmpty(true).call();
  }
}
