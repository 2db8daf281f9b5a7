package dev.skiff.storage.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StorageException;
import dev.skiff.testing.TestConfig;
import dev.skiff.testing.TestImages;
import dev.skiff.testing.Tools;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * oci:// storage behind the distribution spec's token auth (a stand-in token service in front of a
 * real docker-registry): with credentials (from the environment, or Docker's config.json) it gets
 * a push token and pushes; anonymously it reads, and a push is refused with what to set; a password
 * never reaches a message, and a token never reaches the storage host blob reads are redirected to.
 */
class OciTokenAuthIT {
  @TempDir
  Path work;

  DockerRegistry registry;
  TokenAuthStandIn tokens;

  @BeforeEach
  void startRegistryBehindTokens() throws Exception {
    registry = DockerRegistry.start(Files.createDirectories(work.resolve("registry")), false);
    tokens = new TokenAuthStandIn(registry.address());
  }

  @AfterEach
  void stop() {
    tokens.close();
    registry.close();
  }

  /** The storage, signed in with the stand-in's push credentials. */
  private Storage signedIn() throws Exception {
    return open(tokens.address(), Map.of(OciCredentials.USERNAME, TokenAuthStandIn.USER, OciCredentials.PASSWORD,
        TokenAuthStandIn.PASSWORD));
  }

  /** skopeo's copy of an image's one layer, read from the registry itself. */
  private byte[] readBySkopeo(String reference, Digest layer) throws Exception {
    Path copy = Files.createTempDirectory(work, "skopeo");
    Tools.ok(work, "skopeo", "copy", "--src-tls-verify=false", "docker://" + registry.address() + "/" + reference,
        "dir:" + copy.resolve("image"));
    return Files.readAllBytes(copy.resolve("image").resolve(layer.hex()));
  }

  private Storage open(String address, Map<String, String> env) throws Exception {
    OciStorageFactory factory = new OciStorageFactory();
    return factory.create(URI.create("oci://" + address + "/lab"),
        new TestConfig(factory.configKeys(), Map.of(OciStorageFactory.PLAIN_HTTP, "true"), env, work),
        new PluginContext(env, work, work, line -> { }));
  }

  @Test
  void credentialsGetAPushTokenAndAnonymousClientsOnlyRead() throws Exception {
    Path image = work.resolve("a.sif");
    byte[] bytes = TestImages.sif(image, "Bootstrap: scratch\n", 2);
    BlobKey key = new BlobKey(Namespace.parse("myorg/centos"), Digest.sha256(bytes));

    try (Storage anonymous = open(tokens.address(), Map.of("HOME", work.toString()))) {
      assertThatThrownBy(() -> anonymous.put(new PutRequest(key, image, bytes.length, Map.of("tag", "latest"),
          (d, t) -> { }))).isInstanceOf(StorageException.class).hasMessageContaining("refused anonymous access")
          .hasMessageContaining("SKIFF_OCI_USERNAME");
    }

    // Docker's config.json, as docker login writes it.
    Path docker = Files.createDirectories(work.resolve(".docker"));
    Files.writeString(docker.resolve("config.json"), "{\"auths\":{\"" + tokens.address() + "\":{\"auth\":\""
        + Base64.getEncoder().encodeToString((TokenAuthStandIn.USER + ":" + TokenAuthStandIn.PASSWORD).getBytes())
        + "\"}}}");
    try (Storage signedIn = open(tokens.address(), Map.of("HOME", work.toString()))) {
      assertThat(signedIn.put(new PutRequest(key, image, bytes.length, Map.of("tag", "latest"), (d, t) -> { }))
          .uploaded()).isTrue();
      try (InputStream in = signedIn.read(key, 100)) {
        assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 100, bytes.length));
      }
    }
    assertThat(tokens.tokensIssued.get()).isGreaterThanOrEqualTo(2);

    try (Storage anonymous = open(tokens.address(), Map.of("HOME", work.resolve("nobody").toString()));
        InputStream in = anonymous.read(key, 0)) {
      assertThat(anonymous.stat(key).orElseThrow().size()).isEqualTo(bytes.length);
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    // Blob reads were sent on to the storage host; the registry's tokens were not.
    assertThat(tokens.authorizationsSentToStorage).isEmpty();

    try (Storage wrong = open(tokens.address(), Map.of(OciCredentials.USERNAME, TokenAuthStandIn.USER,
        OciCredentials.PASSWORD, "not-the-password"))) {
      assertThatThrownBy(() -> wrong.stat(key)).isInstanceOf(StorageException.class)
          .hasMessageContaining("token service").satisfies(e -> assertThat(e.getMessage())
              .doesNotContain("not-the-password"));
    }
  }

  @Test
  void anImageAnotherRepositoryHoldsIsMountedNotSentAgain() throws Exception {
    try (Storage storage = signedIn()) {
      Path image = work.resolve("a.sif");
      byte[] bytes = TestImages.sif(image, "Bootstrap: scratch\n", 64);
      Digest digest = Digest.sha256(bytes);
      assertThat(storage.put(new PutRequest(new BlobKey(Namespace.parse("myorg/centos"), digest), image, bytes.length,
          Map.of("tag", "latest"), (d, t) -> { })).uploaded()).isTrue();
      long before = tokens.bytesReceived.get();

      assertThat(storage.put(new PutRequest(new BlobKey(Namespace.parse("myorg/copy"), digest), image, bytes.length,
          Map.of("tag", "latest"), (d, t) -> { })).uploaded()).as("sent again").isFalse();
      assertThat(tokens.bytesReceived.get() - before).as("bytes sent for the second repository (its manifests)")
          .isLessThan(2_000);
      assertThat(readBySkopeo("lab/myorg/copy:latest", digest)).as("the mounted image").isEqualTo(bytes);
    }
  }

  @Test
  void aRegistryFailingForAMomentOrAnUploadCutOffIsAskedAgain() throws Exception {
    try (Storage storage = signedIn()) {
      Path image = work.resolve("a.sif");
      byte[] bytes = TestImages.sif(image, "Bootstrap: scratch\n", 64);
      BlobKey key = new BlobKey(Namespace.parse("myorg/centos"), Digest.sha256(bytes));
      tokens.failNext.set(2);
      tokens.dropNextUpload = true;
      assertThat(storage.put(new PutRequest(key, image, bytes.length, Map.of("tag", "latest"), (d, t) -> { }))
          .uploaded()).isTrue();
      assertThat(tokens.failNext.get()).as("503 answers left unsent").isZero();
      assertThat(tokens.dropNextUpload).as("an upload was cut off").isFalse();
      assertThat(readBySkopeo("lab/myorg/centos:latest", key.digest())).isEqualTo(bytes);
    }
  }
}
