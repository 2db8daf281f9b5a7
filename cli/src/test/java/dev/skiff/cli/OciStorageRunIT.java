package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.model.Digest;
import dev.skiff.registry.pull.SiteHttpServer;
import dev.skiff.storage.oci.DockerRegistry;
import dev.skiff.storage.oci.TokenAuthStandIn;
import dev.skiff.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run with {@code --storage oci://} against a real registry on loopback (docker-registry):
 * the images go to the registry, the manifests to the registry repository, a rebuild of the same
 * images sends no byte, and {@code skiff verify --deep} fetches each image from the registry and
 * checks its sha256; behind the distribution spec's token auth (as GitHub Container Registry
 * serves public images), {@code skiff verify --deep} and {@code skiff pull} read anonymously and
 * {@code skiff gc} sweeps what the registry repository no longer names.
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

  /** The test's registry repository, its rules allowing blobs over http on loopback, where the test's OCI registry is. */
  private Path registryRepository(String name) throws Exception {
    Path registry = work.resolve(name);
    assertThat(SkiffCliIT.skiff("registry", "init", registry.toString()).exitCode()).isZero();
    Files.writeString(registry.resolve(".skiff/registry.yml"), "url-schemes: [https, http]\n"
        + "allow-private-addresses: true\n");
    Tools.ok(registry, "git", "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-qam",
        "Blobs on loopback");
    return registry;
  }

  @Test
  void behindTokensVerifyAndPullReadAnonymouslyAndGcSweepsWhatNoPageNames() throws Exception {
    try (DockerRegistry oci = DockerRegistry.start(Files.createDirectories(work.resolve("oci")), false);
        TokenAuthStandIn tokens = new TokenAuthStandIn(oci.address());
        SiteHttpServer web = new SiteHttpServer(work)) {
      Path registry = registryRepository("registry");
      Path elsewhere = registryRepository("elsewhere");
      Map<String, String> anonymous = Map.of("PATH", System.getenv("PATH"), "HOME", work.toString(),
          "XDG_CACHE_HOME", work.resolve("cache").toString(), "SKIFF_STORAGE_OCI_PLAIN_HTTP", "true",
          "SOURCE_DATE_EPOCH", "1700000000");
      Map<String, String> pusher = new HashMap<>(anonymous);
      pusher.put("SKIFF_OCI_USERNAME", TokenAuthStandIn.USER);
      pusher.put("SKIFF_OCI_PASSWORD", TokenAuthStandIn.PASSWORD);
      String storage = "oci://" + tokens.address() + "/lab";

      SkiffCliIT.Result run = SkiffCliIT.skiff(pusher, "run", SkiffCliIT.copyOfTheExample(work.resolve("hello"))
          .toString(), "--builder", "scratch", "--namespace", "lab/hello", "--storage", storage, "--registry",
          registry.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      // Images only the other registry repository names, built at another time (other bytes): what gc is to find.
      Map<String, String> later = new HashMap<>(pusher);
      later.put("SOURCE_DATE_EPOCH", "1700000999");
      SkiffCliIT.Result other = SkiffCliIT.skiff(later, "run", SkiffCliIT.copyOfTheExample(work.resolve("old"))
          .toString(), "--builder", "scratch", "--namespace", "lab/old", "--storage", storage, "--registry",
          elsewhere.toString());
      assertThat(other.exitCode()).as(other.err()).isZero();

      SkiffCliIT.Result verified = SkiffCliIT.skiff(anonymous, "verify", "--repo", registry.toString(), "--base",
          "main", "--head", "update/lab/hello", "--branch", "update/lab/hello", "--deep");
      assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();

      SkiffCliIT.Result site = SkiffCliIT.skiff(anonymous, "site", "--registry", registry.toString(), "--rev",
          "update/lab/hello", "--out", work.resolve("site").toString());
      assertThat(site.exitCode()).as(site.err()).isZero();
      Path pulled = work.resolve("pulled.sif");
      // Without plain http for the storage, pull cannot fall back on reading the registry as a store:
      // it must follow the registry's token flow itself.
      Map<String, String> reader = new HashMap<>(anonymous);
      reader.remove("SKIFF_STORAGE_OCI_PLAIN_HTTP");
      SkiffCliIT.Result pull = SkiffCliIT.skiff(reader, "pull", "--site", web.url("site/").toString(),
          "lab/hello:latest", "-o", pulled.toString());
      assertThat(pull.exitCode()).as(pull.err()).isZero();
      // skopeo reads the same image straight from the registry behind the stand-in.
      Path copy = work.resolve("skopeo");
      Tools.ok(work, "skopeo", "copy", "--src-tls-verify=false", "docker://" + oci.address() + "/lab/lab/hello:latest",
          "dir:" + copy);
      assertThat(copy.resolve(Digest.sha256(Files.readAllBytes(pulled)).hex())).hasSameBinaryContentAs(pulled);
      assertThat(tokens.authorizationsSentToStorage).as("tokens sent on to the blob storage host").isEmpty();

      // A private image: anonymous readers are told what to set; the pusher's credentials read it.
      tokens.anonymousPull = false;
      SkiffCliIT.Result refused = SkiffCliIT.skiff(anonymous, "pull", "--site", web.url("site/").toString(),
          "lab/hello:pancakes", "-o", work.resolve("private.sif").toString());
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.err()).contains("refused anonymous access").contains("SKIFF_OCI_USERNAME");
      Map<String, String> member = new HashMap<>(pusher);
      member.put("XDG_CACHE_HOME", work.resolve("member-cache").toString());
      SkiffCliIT.Result privately = SkiffCliIT.skiff(member, "pull", "--site", web.url("site/").toString(),
          "lab/hello:pancakes", "-o", work.resolve("private.sif").toString());
      assertThat(privately.exitCode()).as(privately.err()).isZero();
      assertThat(privately.err()).doesNotContain(TokenAuthStandIn.PASSWORD);
      tokens.anonymousPull = true;

      SkiffCliIT.Result dry = SkiffCliIT.skiff(pusher, "gc", "--registry", registry.toString(), "--storage", storage,
          "--grace", "0");
      assertThat(dry.exitCode()).as(dry.err()).isZero();
      assertThat(dry.out()).contains("would delete oci://" + tokens.address() + "/lab/lab/old/")
          .doesNotContain("lab/hello/").contains("Kept: 2 referenced");
      SkiffCliIT.Result swept = SkiffCliIT.skiff(pusher, "gc", "--registry", registry.toString(), "--storage", storage,
          "--grace", "0", "--delete");
      assertThat(swept.exitCode()).as(swept.err()).isZero();
      assertThat(swept.out()).contains("Deleted: 2 object(s)");
      assertThat(Tools.run(work, "skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + oci.address()
          + "/lab/lab/old:latest").exitCode()).as("the swept image's tag").isNotZero();
      Tools.ok(work, "skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + oci.address()
          + "/lab/lab/hello:latest");
    }
  }
}
