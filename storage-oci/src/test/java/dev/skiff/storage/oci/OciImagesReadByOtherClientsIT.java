package dev.skiff.storage.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.PutResult;
import dev.skiff.spi.Storage;
import dev.skiff.testing.TestConfig;
import dev.skiff.testing.TestImages;
import dev.skiff.testing.Tools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import land.oras.ContainerRef;
import land.oras.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What oci:// storage pushes to a real registry (docker-registry on loopback), as other clients
 * read it: skopeo and the ORAS Java SDK pull the image byte for byte under the Skiff tag, with the
 * media types {@code apptainer pull oras://} expects; a second push sends no byte.
 */
class OciImagesReadByOtherClientsIT {
  @TempDir
  Path work;

  @Test
  void skopeoAndOrasPullWhatWasPushedAndARepushSendsNothing() throws Exception {
    try (DockerRegistry registry = DockerRegistry.start(Files.createDirectories(work.resolve("registry")), false)) {
      OciStorageFactory factory = new OciStorageFactory();
      Storage storage = factory.create(URI.create("oci://" + registry.address() + "/lab"),
          new TestConfig(factory.configKeys(), Map.of(OciStorageFactory.PLAIN_HTTP, "true"), Map.of(), work),
          new PluginContext(Map.of(), work, work, line -> { }));
      Path image = work.resolve("centos.sif");
      byte[] bytes = TestImages.sif(image, "Bootstrap: scratch\n", 8);
      BlobKey key = new BlobKey(Namespace.parse("myorg/centos"), Digest.sha256(bytes));
      assertThat(storage.put(new PutRequest(key, image, bytes.length, Map.of("tag", "latest"), (d, t) -> { }))
          .uploaded()).isTrue();
      String reference = registry.address() + "/lab/myorg/centos:latest";

      Map<String, Object> manifest = JSON.std.mapFrom(Tools.ok(work, "skopeo", "inspect", "--raw",
          "--tls-verify=false", "docker://" + reference));
      assertThat(manifest.get("mediaType")).isEqualTo("application/vnd.oci.image.manifest.v1+json");
      assertThat(((Map<?, ?>) manifest.get("config")).get("mediaType")).isEqualTo("application/vnd.sylabs.sif.config.v1+json");
      Map<?, ?> layer = (Map<?, ?>) ((List<?>) manifest.get("layers")).get(0);
      assertThat(layer.get("mediaType")).isEqualTo("application/vnd.sylabs.sif.layer.v1.sif");
      assertThat(layer.get("digest")).isEqualTo(key.digest().toString());
      assertThat(((Map<?, ?>) layer.get("annotations")).get("org.opencontainers.image.title")).isEqualTo("centos_latest.sif");

      Path copied = work.resolve("skopeo");
      Tools.ok(work, "skopeo", "copy", "--src-tls-verify=false", "docker://" + reference, "dir:" + copied);
      assertThat(Files.readAllBytes(copied.resolve(key.digest().hex()))).isEqualTo(bytes);

      Path oras = Files.createDirectories(work.resolve("oras"));
      Registry.builder().insecure().build().pullArtifact(ContainerRef.parse(reference), oras, true);
      assertThat(Digest.sha256(Files.readAllBytes(oras.resolve("centos_latest.sif")))).isEqualTo(key.digest());

      AtomicLong sent = new AtomicLong();
      PutResult again = storage.put(new PutRequest(key, image, bytes.length, Map.of("tag", "latest"),
          (done, total) -> sent.set(done)));
      assertThat(again.uploaded()).isFalse();
      assertThat(sent.get()).isZero();
      storage.close();
    }
  }
}
