package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.registry.pull.SiteHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled example, built with skiff run, rendered with skiff site, pulled back with skiff pull over HTTP. */
class PullCommandIT {
  @TempDir
  Path work;


  @Test
  void theExamplesImageComesBackByteForByteAndThenFromTheCache() throws Exception {
    try (SiteHttpServer server = new SiteHttpServer(work)) {
      Path source = SkiffCliIT.copyOfTheExample(work.resolve("hello"));
      Path registry = work.resolve("registry");
      Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH"),
          "XDG_CACHE_HOME", work.resolve("cache").toString(), "HOME", work.toString()));
      assertThat(SkiffCliIT.skiff(env, "registry", "init", registry.toString()).exitCode()).isZero();
      env.put("SKIFF_STORAGE_FILE_BASE_URL", server.url("storage/").toString());
      SkiffCliIT.Result run = SkiffCliIT.skiff(env, "run", source.toString(), "--builder", "scratch", "--namespace", "lab/hello",
          "--storage", work.resolve("storage").toUri().toString(), "--registry", registry.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      SkiffCliIT.Result site = SkiffCliIT.skiff(env, "site", "--registry", registry.toString(), "--rev", "update/lab/hello",
          "--out", work.resolve("site").toString());
      assertThat(site.exitCode()).as(site.err()).isZero();

      env.put("SKIFF_SITE", server.url("site/").toString());
      Path image = work.resolve("pulled/hello.sif");
      SkiffCliIT.Result pull = SkiffCliIT.skiff(env, "pull", "lab/hello:pancakes", "-o", image.toString());
      assertThat(pull.exitCode()).as(pull.err()).isZero();
      List<Path> stored;
      try (var files = Files.walk(work.resolve("storage"))) {
        stored = files.filter(p -> p.toString().endsWith(".sif")).toList();
      }
      String digest = pull.out().split(" ")[1];
      Path original = stored.stream().filter(p -> ("sha256:" + p.getFileName()).startsWith(digest)).findFirst()
          .orElseThrow();
      assertThat(Files.readAllBytes(image)).isEqualTo(Files.readAllBytes(original));
      assertThat(pull.err()).contains("pull     lab/hello:pancakes: downloaded");
      long sent = server.blobBytesSent.get();

      SkiffCliIT.Result again = SkiffCliIT.skiff(env, "pull", "lab/hello:pancakes", "-o", work.resolve("again.sif").toString());
      assertThat(again.exitCode()).isZero();
      assertThat(again.err()).contains("from the cache, nothing downloaded");
      assertThat(server.blobBytesSent.get()).isEqualTo(sent);
      assertThat(work.resolve("cache/skiff/blobs/sha256")).isDirectory();

      SkiffCliIT.Result missing = SkiffCliIT.skiff(env, "pull", "lab/hello:nope");
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.err()).isEqualTo("error: lab/hello has no tag nope at " + server.url("site/")
          + "; its tags: latest, pancakes" + System.lineSeparator());
    }
  }
}
