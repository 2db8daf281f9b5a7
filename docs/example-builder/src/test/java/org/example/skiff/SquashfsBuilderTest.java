package org.example.skiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.skiff.Skiff;
import dev.skiff.sif.SifFile;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.SkiffPlugin;
import dev.skiff.testing.BuilderHarness;
import dev.skiff.testing.Tools;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's example builder, tested with the harness Skiff's own builders use. */
class SquashfsBuilderTest {
  @TempDir
  Path repo;

  @TempDir
  Path work;

  BuilderHarness harness;
  byte[] rootfs;

  @BeforeEach
  void packARootFileSystem() throws Exception {
    harness = new BuilderHarness(new SquashfsBuilderFactory(), repo, work);
    Files.createDirectories(work.resolve("tree/etc"));
    Files.writeString(work.resolve("tree/etc/motd"), "built elsewhere\n");
    Tools.ok(work, "mksquashfs", "tree", repo.resolve("rootfs.sqfs").toString(), "-noappend", "-quiet", "-no-progress");
    rootfs = Files.readAllBytes(repo.resolve("rootfs.sqfs"));
    harness.write("Singularity", "Bootstrap: squashfs\nFrom: rootfs.sqfs\n");
  }

  @Test
  void wrapsALocalSquashfsIntoASifImage() throws Exception {
    Builder builder = harness.builder(Map.of("builder.squashfs.arch", "arm64"), Map.of());
    Path image = ((BuildResult.LocalImage) harness.build(builder, "Singularity")).file();
    SifFile sif = SifFile.read(image);
    assertThat(sif.definition()).contains("Bootstrap: squashfs\nFrom: rootfs.sqfs\n");
    assertThat(sif.primaryPartition().size()).isEqualTo(rootfs.length);
    assertThat(sif.arch().goName()).isEqualTo("arm64");
    assertThat(harness.log).anySatisfy(line -> assertThat(line).startsWith("wrapped rootfs.sqfs"));
  }

  @Test
  void downloadsFromTheMirrorWithTheSecretToken() throws Exception {
    HttpServer mirror = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    mirror.createContext("/rootfs.sqfs", exchange -> {
      boolean allowed = "Bearer s3cret".equals(exchange.getRequestHeaders().getFirst("Authorization"));
      exchange.sendResponseHeaders(allowed ? 200 : 401, allowed ? rootfs.length : -1);
      if (allowed) {
        exchange.getResponseBody().write(rootfs);
      }
      exchange.close();
    });
    mirror.start();
    try {
      String url = "http://127.0.0.1:" + mirror.getAddress().getPort() + "/rootfs.sqfs";
      harness.write("Singularity.remote", "Bootstrap: squashfs\nFrom: " + url + "\n");
      Builder withToken = harness.builder(Map.of(), Map.of("SKIFF_BUILDER_SQUASHFS_TOKEN", "s3cret"));
      Path image = ((BuildResult.LocalImage) harness.build(withToken, "Singularity.remote")).file();
      assertThat(SifFile.read(image).primaryPartition().size()).isEqualTo(rootfs.length);
      assertThat(harness.log).contains("downloaded " + url);
      Builder withoutToken = harness.builder(Map.of(), Map.of());
      assertThatThrownBy(() -> harness.build(withoutToken, "Singularity.remote"))
          .hasMessage("Singularity.remote: downloading " + url + " answered 401 (check SKIFF_BUILDER_SQUASHFS_TOKEN)");
    } finally {
      mirror.stop(0);
    }
  }

  @Test
  void refusesOtherRecipesAndBadSources() throws Exception {
    harness.write("Singularity.docker", "Bootstrap: docker\nFrom: centos:7\n");
    harness.write("Singularity.text", "Bootstrap: squashfs\nFrom: notes.txt\n");
    harness.write("notes.txt", "not a file system");
    Builder builder = harness.builder(Map.of(), Map.of());
    assertThatThrownBy(() -> harness.build(builder, "Singularity.docker"))
        .hasMessage("Singularity.docker: 'Bootstrap: docker' is not for the squashfs builder; use builder 'singularity'");
    assertThatThrownBy(() -> harness.build(builder, "Singularity.text"))
        .hasMessage("Singularity.text: notes.txt is not a squashfs file system");
  }

  @Test
  void theSecretComesOnlyFromTheEnvironmentAndIsMasked() throws Exception {
    Files.writeString(repo.resolve("skiff.yml"), "builder.squashfs.token: s3cret\n");
    assertThatThrownBy(() -> Skiff.source(repo).namespace("lab/tools").builder("squashfs")
        .storage("file:" + work.resolve("images")).environment(Map.of()).plan())
        .hasMessageContaining("'builder.squashfs.token' is a secret and must not be committed")
        .hasMessageNotContaining("s3cret");
    Files.delete(repo.resolve("skiff.yml"));
    var plan = Skiff.source(repo).namespace("lab/tools").builder("squashfs").storage("file:" + work.resolve("images"))
        .environment(Map.of("SKIFF_BUILDER_SQUASHFS_TOKEN", "s3cret")).plan();
    assertThat(plan.settings().toString()).contains("builder.squashfs.token=****")
        .doesNotContain("s3cret");
  }

  @Test
  void isFoundOnTheClassPathAndRunsInARun() throws Exception {
    assertThat(ServiceLoader.load(SkiffPlugin.class, getClass().getClassLoader()))
        .anySatisfy(p -> assertThat(p).isInstanceOf(ExamplePlugin.class));
    assertThat(Skiff.source(repo).catalog().builders()).containsKey("squashfs");
    var report = Skiff.source(repo).namespace("lab/tools").builder("squashfs")
        .storage("file:" + work.resolve("images")).environment(Map.of()).plan().run();
    assertThat(report.succeeded()).isTrue();
    assertThat(report.uploads()).isEqualTo(1);
  }
}
