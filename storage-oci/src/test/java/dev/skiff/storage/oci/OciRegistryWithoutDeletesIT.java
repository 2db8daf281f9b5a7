package dev.skiff.storage.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.ListedObject;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StorageException;
import dev.skiff.testing.TestConfig;
import dev.skiff.testing.TestImages;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that lets nothing be deleted through its API (GitHub Container Registry; here
 * docker-registry with deletes off): skiff gc's delete says where to delete instead, and the image
 * stays whole, tags and all.
 */
class OciRegistryWithoutDeletesIT {
  @TempDir
  Path work;

  @Test
  void aDeleteTheRegistryRefusesSaysWhereToDeleteAndLeavesTheImage() throws Exception {
    try (DockerRegistry registry = DockerRegistry.start(Files.createDirectories(work.resolve("registry")), false,
        false)) {
      OciStorageFactory factory = new OciStorageFactory();
      try (Storage storage = factory.create(URI.create("oci://" + registry.address() + "/lab"),
          new TestConfig(factory.configKeys(), Map.of(OciStorageFactory.PLAIN_HTTP, "true"), Map.of(), work),
          new PluginContext(Map.of(), work, work, line -> { }))) {
        Path image = work.resolve("a.sif");
        byte[] bytes = TestImages.sif(image, "Bootstrap: scratch\n", 2);
        BlobKey key = new BlobKey(Namespace.parse("myorg/centos"), Digest.sha256(bytes));
        storage.put(new PutRequest(key, image, bytes.length, Map.of("tag", "latest"), (d, t) -> { }));
        List<ListedObject> listed = new ArrayList<>();
        storage.list(listed::add);
        assertThat(listed).hasSize(1);

        assertThatThrownBy(() -> storage.delete(listed.get(0))).isInstanceOf(StorageException.class)
            .hasMessageContaining("the registry does not let images be deleted through its API")
            .hasMessageContaining("delete the package version on GitHub");
        assertThat(storage.stat(key)).isPresent();
        dev.skiff.testing.Tools.ok(work, "skopeo", "inspect", "--raw", "--tls-verify=false", "docker://"
            + registry.address() + "/lab/myorg/centos:latest");
      }
    }
  }
}
