package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.storage.oci.DockerRegistry;
import dev.skiff.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run with {@code --storage oci://} against a real registry on loopback (docker-registry):
 * the images go to the registry, the manifests to the registry repository, a rebuild of the same
 * images sends no byte, and {@code skiff verify --deep} fetches each image from the registry and
 * checks its sha256.
 */
class OciStorageRunIT {
  @TempDir
  Path work;

  @Test
  void aRunStoresInAnOciRegistryAndVerifyChecksWhatItStored() throws Exception {
    try (DockerRegistry oci = DockerRegistry.start(Files.createDirectories(work.resolve("oci")), false)) {
      Path source = SkiffCliIT.copyOfTheExample(work.resolve("hello"));
      Path registry = work.resolve("registry");
      assertThat(SkiffCliIT.skiff("registry", "init", registry.toString()).exitCode()).isZero();
      // The registry's rules allow blobs over http on loopback: the test's registry is there.
      Files.writeString(registry.resolve(".skiff/registry.yml"), "url-schemes: [https, http]\n"
          + "allow-private-addresses: true\n");
      Tools.ok(registry, "git", "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-qam",
          "Blobs on loopback");
      Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "HOME", work.toString(),
          "SKIFF_STORAGE_OCI_PLAIN_HTTP", "true", "SOURCE_DATE_EPOCH", "1700000000");
      String storage = "oci://" + oci.address() + "/lab";

      SkiffCliIT.Result first = SkiffCliIT.skiff(env, "run", source.toString(), "--builder", "scratch", "--namespace",
          "lab/hello", "--storage", storage, "--registry", registry.toString());
      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(first.out()).contains("lab/hello: 2 built (2 uploaded)")
          .contains("http://" + oci.address() + "/v2/lab/lab/hello/blobs/sha256:");
      String image = Tools.ok(work, "skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + oci.address()
          + "/lab/lab/hello:latest");
      assertThat(image).contains("application/vnd.sylabs.sif.layer.v1.sif").contains("hello_latest.sif");

      SkiffCliIT.Result again = SkiffCliIT.skiff(env, "run", source.toString(), "--builder", "scratch", "--namespace",
          "lab/hello", "--storage", storage, "--registry", registry.toString(), "--rebuild");
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out()).as("the same images, rebuilt, are not sent again").contains("2 built (0 uploaded)");

      SkiffCliIT.Result verified = SkiffCliIT.skiff(env, "verify", "--repo", registry.toString(), "--base", "main",
          "--head", "update/lab/hello", "--branch", "update/lab/hello", "--deep");
      assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    }
  }
}
