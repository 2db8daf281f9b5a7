package dev.skiff.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.Skiff;
import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.registry.pull.PullClient;
import dev.skiff.registry.pull.PullReference;
import dev.skiff.registry.pull.PullRequest;
import dev.skiff.registry.pull.PullResult;
import dev.skiff.registry.pull.SiteHttpServer;
import dev.skiff.registry.site.SiteRenderer;
import dev.skiff.registry.site.SiteRequest;
import dev.skiff.registry.verify.RegistryScenario;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.ProgressListener;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.Storage;
import dev.skiff.support.RetryPolicy;
import dev.skiff.testing.TestImages;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skiff pull of an image whose registry records the blob as an s3:// URI: the site is public, the
 * bucket is read through the S3 storage plugin with the environment's credentials (S3Mock, a real
 * S3 server, on loopback).
 */
class S3PullIT {
  @TempDir
  Path work;

  @Test
  void aBlobInABucketIsReadWithTheEnvironmentsCredentials() throws Exception {
    URI location = S3Harness.freshLocation();
    byte[] image = TestImages.sif(work.resolve("image.sif"), "Bootstrap: scratch\n# private\n", 3);
    Digest digest = Digest.sha256(image);
    BlobKey key = new BlobKey(Namespace.parse("lab/secret"), digest);
    try (Storage storage = S3Harness.open(location, S3MockServer.shared().endpoint(), Map.of(), S3Harness.CREDENTIALS,
        work)) {
      storage.put(new PutRequest(key, work.resolve("image.sif"), image.length, Map.of(), ProgressListener.NONE));
    }
    String blob = location + "/" + key.path();
    Path site = Files.createDirectories(work.resolve("site"));
    Path registry = work.resolve("registry");
    try (RegistryScenario scenario = new RegistryScenario(registry)) {
      scenario.onMain().write("lab/secret/manifests/latest/README.md", "---\nlayout: manifests/singularity\nsize: "
          + image.length + "\ndigest: " + digest + "\nlayers:\n- size: " + image.length + "\n  digest: " + digest
          + "\n  url: \"" + blob + "\"\n---\n").commit();
    }
    SiteRenderer.render(SiteRequest.of(registry.toString(), site).withForce(true));
    Map<String, String> env = new HashMap<>(S3Harness.CREDENTIALS);
    env.put("SKIFF_STORAGE_S3_ENDPOINT", S3MockServer.shared().endpoint().toString());
    env.put("SKIFF_STORAGE_S3_REGION", "us-east-1");
    try (SiteHttpServer server = new SiteHttpServer(site)) {
      PullReference ref = PullReference.parse("lab/secret:latest", Optional.of(server.url("").toString()));
      PullClient client = new PullClient(RetryPolicy.DEFAULT,
          Skiff.source(work).environment(env)::readBlob);
      Path out = work.resolve("pulled.sif");
      PullResult result = client.pull(new PullRequest(ref, Optional.of(out), work.resolve("cache"),
          ProgressListener.NONE));
      assertThat(Files.readAllBytes(out)).isEqualTo(image);
      assertThat(result.downloaded()).isEqualTo(image.length);

      PullClient anonymous = new PullClient(RetryPolicy.DEFAULT);
      assertThatThrownBy(() -> anonymous.pull(new PullRequest(ref, Optional.of(work.resolve("no.sif")),
          work.resolve("cache2"), ProgressListener.NONE))).hasMessageContaining("uses 's3'");
    }
  }
}
