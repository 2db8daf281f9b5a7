package dev.skiff.registry.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.model.Digest;
import dev.skiff.registry.verify.RegistryScenario;
import dev.skiff.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import land.oras.ContainerRef;
import land.oras.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real OCI clients pull a SIF from the site's static v2/ tree, served by nginx at the host's
 * root, byte for byte: skopeo (Debian's), which takes the layer from its {@code urls} (the blob in
 * storage), and the ORAS Java SDK, which reads {@code v2/.../blobs/} only, so nginx maps that path to
 * the storage folder as a host's rewrite or CDN rule would. Manifests are served with the OCI type,
 * as a host configured per path (or {@code skiff site --publish}) serves them.
 */
class OciPullIT {
  @TempDir
  static Path work;

  static StaticServer server;
  static byte[] image;

  @BeforeAll
  static void renderAndServe() throws Exception {
    Path site = Files.createDirectories(work.resolve("site"));
    Path storage = Files.createDirectories(work.resolve("storage"));
    image = TestImages.sif(work.resolve("image.sif"), "Bootstrap: scratch\n# oci\n", 5);
    Digest digest = Digest.sha256(image);
    Files.createDirectories(storage.resolve("lab/tool"));
    Files.write(storage.resolve("lab/tool/" + digest.hex() + ".sif"), image);
    server = StaticServer.serveForOci(site, work.resolve("nginx"), storage);
    Path registry = work.resolve("registry");
    try (RegistryScenario scenario = new RegistryScenario(registry)) {
      scenario.onMain().write("lab/tool/manifests/latest/README.md", "---\nlayout: manifests/singularity\nsize: "
          + image.length + "\ndigest: " + digest + "\nlayers:\n- size: " + image.length + "\n  digest: " + digest
          + "\n  url: \"" + server.url("storage/lab/tool/" + digest.hex() + ".sif") + "\"\n---\n").commit();
    }
    SiteRenderer.render(SiteRequest.of(registry.toString(), site));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String reference() {
    return server.url("").getAuthority() + "/lab/tool:latest";
  }

  @Test
  void skopeoCopiesTheSifFromTheStaticTree() throws Exception {
    Path out = work.resolve("skopeo");
    run("skopeo", "copy", "--src-tls-verify=false", "docker://" + reference(), "dir:" + out);
    assertThat(Files.readAllBytes(out.resolve(Digest.sha256(image).hex()))).isEqualTo(image);
    String raw = run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + reference());
    byte[] byTag = Files.readAllBytes(work.resolve("site/v2/lab/tool/manifests/latest"));
    assertThat(raw.strip()).isEqualTo(new String(byTag, StandardCharsets.UTF_8));
    assertThat(Files.readAllBytes(work.resolve("site/v2/lab/tool/manifests/" + Digest.sha256(byTag)))).isEqualTo(byTag);
  }

  @Test
  void theOrasSdkPullsTheSifByteForByte() throws Exception {
    Path out = Files.createDirectories(work.resolve("oras"));
    Registry registry = Registry.builder().insecure().build();
    registry.pullArtifact(ContainerRef.parse(reference()), out, true);
    try (Stream<Path> files = Files.list(out)) {
      Path pulled = files.filter(Files::isRegularFile).findFirst().orElseThrow();
      assertThat(pulled.getFileName().toString()).isEqualTo("tool_latest.sif");
      // The SDK checks no digest; the test does.
      assertThat(Digest.sha256(Files.readAllBytes(pulled))).isEqualTo(Digest.sha256(image));
    }
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", command) + ":\n" + output).isZero();
    return output;
  }
}
