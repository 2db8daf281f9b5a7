package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.Skiff;
import dev.skiff.model.Digest;
import dev.skiff.publisher.GitServer;
import dev.skiff.registry.gc.GarbageCollector;
import dev.skiff.registry.gc.GcReport;
import dev.skiff.registry.gc.GcRequest;
import dev.skiff.spi.Storage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff gc --registry <git URL>} against a registry served over smart HTTP: it keeps the
 * blobs of pull requests from forks (GitHub keeps their heads as {@code refs/pull/N/head}, on no
 * branch) and of GitLab merge requests ({@code refs/merge-requests/N/head}), and the blob of a
 * page that spells its digest as YAML allows and verify and the site accept (a quoted string
 * broken across lines by an escaped line break), beside an unreferenced blob it sweeps.
 */
class GcSeesEveryReferenceIT {
  private static final Instant NOW = Instant.now();

  @TempDir
  Path work;

  @Test
  void keepsTheBlobsOfOpenChangesAndOfEveryPageSpellingAndSweepsTheRest() throws Exception {
    Map<String, String> blobs = new LinkedHashMap<>();
    for (String name : new String[] {"main", "fork-pull-request", "merge-request", "escaped-page", "unreferenced"}) {
      blobs.put(name, Digest.sha256(name.getBytes(StandardCharsets.UTF_8)).hex());
    }
    Path folder = work.resolve("registry");
    try (Git git = Git.init().setDirectory(folder.toFile()).setInitialBranch("main").call()) {
      write(folder, "lab/tool/manifests/latest/README.md", page(blobs.get("main")));
      String hex = blobs.get("escaped-page");
      // An escaped line break inside a double-quoted string joins its halves: one digest to YAML.
      write(folder, "lab/tool/manifests/old/README.md", "---\nlayout: manifests/singularity\nsize: 9\ndigest: \"sha256:"
          + hex.substring(0, 30) + "\\\n  " + hex.substring(30) + "\"\n---\n");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("registry").setSign(false).call();
    }
    try (GitServer server = new GitServer();
        Repository hosted = server.host("myorg/registry", folder, work.resolve("hosted.git"))) {
      // What hosting services keep for open changes: commits on no branch of the registry.
      openChange(folder, work.resolve("hosted.git"), "refs/pull/7/head", page(blobs.get("fork-pull-request")));
      openChange(folder, work.resolve("hosted.git"), "refs/merge-requests/3/head", page(blobs.get("merge-request")));

      Path storage = work.resolve("storage");
      for (String hex : blobs.values()) {
        Path blob = Files.writeString(Files.createDirectories(storage.resolve("lab/tool")).resolve(hex + ".sif"), hex);
        Files.setLastModifiedTime(blob, FileTime.from(NOW.minus(Duration.ofDays(30))));
      }
      String url = server.url("myorg/registry").toString().replace("http://", "http://x:" + GitServer.TOKEN + "@");
      GcReport report;
      try (Storage store = Skiff.source(work).environment(Map.of()).storage(storage.toUri().toString()).openStorage()) {
        report = GarbageCollector.collect(new GcRequest(url, Duration.ofDays(1), Optional.empty(), true, NOW), store,
            object -> { });
      }

      blobs.forEach((name, hex) -> assertThat(Files.exists(storage.resolve("lab/tool/" + hex + ".sif")))
          .as("the blob of " + name + " is still there").isEqualTo(!name.equals("unreferenced")));
      assertThat(report.refs()).contains("refs/pull/7/head", "refs/merge-requests/3/head");
    }
  }

  private static String page(String hex) {
    return "---\nlayout: manifests/singularity\nsize: 9\ndigest: sha256:" + hex + "\n---\n";
  }

  private static void write(Path folder, String path, String text) throws Exception {
    Path file = folder.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /** A commit holding one page, pushed to the ref a hosting service keeps for a change and to no branch. */
  private static void openChange(Path folder, Path hosted, String ref, String page) throws Exception {
    try (Git git = Git.open(folder.toFile())) {
      git.checkout().setCreateBranch(true).setName("change").call();
      write(folder, "fork-page/README.md", page);
      git.add().addFilepattern(".").call();
      git.commit().setMessage("a change from a fork").setSign(false).call();
      git.push().setRemote(hosted.toUri().toString()).setRefSpecs(new RefSpec("+change:" + ref)).call();
      git.checkout().setName("main").call();
      git.branchDelete().setBranchNames("change").setForce(true).call();
    }
  }
}
