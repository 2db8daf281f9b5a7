package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.registry.site.StaticServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import land.oras.ContainerRef;
import land.oras.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled example's image, built by skiff run and rendered by skiff site, pulled back byte for
 * byte from the site's static OCI tree by skopeo and by the ORAS Java SDK, nginx serving the site
 * at its root and the storage folder beside it.
 */
class ExampleOciPullIT {
  @TempDir
  Path work;

  @Test
  void skopeoAndTheOrasSdkPullTheExamplesImage() throws Exception {
    Path site = Files.createDirectories(work.resolve("site"));
    Path storage = Files.createDirectories(work.resolve("storage"));
    try (StaticServer server = StaticServer.serveForOci(site, work.resolve("nginx"), storage)) {
      Path registry = work.resolve("registry");
      Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH"), "HOME", work.toString(),
          "SKIFF_STORAGE_FILE_BASE_URL", server.url("storage/").toString()));
      assertThat(SkiffCliIT.skiff("registry", "init", registry.toString()).exitCode()).isZero();
      SkiffCliIT.Result run = SkiffCliIT.skiff(env, "run", SkiffCliIT.copyOfTheExample(work.resolve("hello")).toString(),
          "--builder", "scratch", "--namespace", "lab/hello", "--storage", storage.toUri().toString(), "--registry",
          registry.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      SkiffCliIT.Result rendered = SkiffCliIT.skiff(env, "site", "--registry", registry.toString(), "--rev", "update/lab/hello",
          "--out", site.toString(), "--force");
      assertThat(rendered.exitCode()).as(rendered.err()).isZero();
      Path built;
      try (Stream<Path> files = Files.walk(storage)) {
        List<Path> images = files.filter(p -> p.toString().endsWith(".sif")).toList();
        String latest = run.out().lines().filter(l -> l.strip().startsWith("latest")).findFirst().orElseThrow();
        built = images.stream().filter(p -> latest.contains(p.getFileName().toString().replace(".sif", "")))
            .findFirst().orElseThrow();
      }
      String reference = server.url("").getAuthority() + "/lab/hello:latest";

      Path copied = work.resolve("skopeo");
      Process skopeo = new ProcessBuilder("skopeo", "copy", "--src-tls-verify=false", "docker://" + reference,
          "dir:" + copied).redirectErrorStream(true).start();
      String output = new String(skopeo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(skopeo.waitFor()).as(output).isZero();
      assertThat(Files.readAllBytes(copied.resolve(built.getFileName().toString().replace(".sif", ""))))
          .isEqualTo(Files.readAllBytes(built));

      Path oras = Files.createDirectories(work.resolve("oras"));
      Registry.builder().insecure().build().pullArtifact(ContainerRef.parse(reference), oras, true);
      assertThat(Files.readAllBytes(oras.resolve("hello_latest.sif"))).isEqualTo(Files.readAllBytes(built));
    }
  }

}
