package dev.skiff.storage.oci;

import dev.skiff.spi.BlobKey;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.Storage;
import dev.skiff.testing.StorageContractTest;
import dev.skiff.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract against a real docker-registry on loopback, behind htpasswd basic auth,
 * with the credentials in SKIFF_OCI_USERNAME and SKIFF_OCI_PASSWORD; blobs read back with plain
 * HTTP, past Skiff's client.
 */
class OciStorageMeetsTheContractIT extends StorageContractTest {
  @TempDir
  Path registryDir;

  @TempDir
  Path workDir;

  DockerRegistry registry;

  @BeforeEach
  void startRegistry() throws Exception {
    files = Files.createDirectories(workDir.resolve("files"));
  }

  @AfterEach
  void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Override
  protected Storage openStorage() throws Exception {
    registry = DockerRegistry.start(registryDir, true);
    OciStorageFactory factory = new OciStorageFactory();
    Map<String, String> env = Map.of(OciCredentials.USERNAME, DockerRegistry.USER, OciCredentials.PASSWORD,
        DockerRegistry.PASSWORD);
    return factory.create(URI.create("oci://" + registry.address() + "/lab"),
        new TestConfig(factory.configKeys(), Map.of(OciStorageFactory.PLAIN_HTTP, "true",
            OciStorageFactory.CHUNK_SIZE, "8M"), env, workDir),
        new PluginContext(env, workDir, workDir, line -> { }));
  }

  @Override
  protected boolean atomicCreateOnly() {
    // Two pushes of one image both find it missing and both send it: the registry keeps one blob.
    return false;
  }

  @Override
  protected String publicUrlEnd(BlobKey key) {
    return "/v2/lab/" + key.namespace() + "/blobs/" + key.digest();
  }

  @Override
  protected byte[] readBack(BlobKey key) throws Exception {
    HttpResponse<byte[]> get = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build().send(
        HttpRequest.newBuilder(URI.create("http://" + registry.address() + "/v2/lab/" + key.namespace() + "/blobs/"
            + key.digest())).header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                (DockerRegistry.USER + ":" + DockerRegistry.PASSWORD).getBytes())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    return get.statusCode() == 404 ? null : get.body();
  }
}
