package dev.skiff.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.Skiff;
import dev.skiff.model.Manifest;
import dev.skiff.registry.RegistryInit;
import dev.skiff.report.BuildRecord;
import dev.skiff.report.RunReport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** A whole run with {@code --storage s3://...}: built, stored in S3Mock, published, and not built again unchanged. */
class S3RunIT {
  @TempDir
  Path work;

  @Test
  void aRunStoresItsImagesInS3AndPublishesTheirUrls() throws Exception {
    Path source = Files.createDirectories(work.resolve("tools"));
    Files.writeString(source.resolve("Singularity"), "Bootstrap: scratch\n%files\n  tool.sh /bin/tool\n");
    Files.writeString(source.resolve("tool.sh"), "#!/bin/sh\necho tool\n");
    Path registry = work.resolve("registry");
    RegistryInit.init(registry, "main", "lab");
    URI location = S3Harness.freshLocation();
    Map<String, String> env = new HashMap<>(S3Harness.CREDENTIALS);
    env.put("PATH", System.getenv("PATH"));

    RunReport first = run(source, location, registry, env);
    assertThat(first.succeeded()).isTrue();
    assertThat(first.uploads()).isEqualTo(1);
    Manifest manifest = first.manifests().get(0);
    String key = location.getPath().substring(1) + "/lab/tools/" + manifest.digest().hex() + ".sif";
    assertThat(manifest.url()).isEqualTo(URI.create(S3MockServer.shared().endpoint() + "/" + S3MockServer.BUCKET + "/" + key));
    try (S3Client s3 = S3Harness.reader(S3MockServer.shared().endpoint())) {
      byte[] stored = s3.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(key)).asByteArray();
      assertThat(dev.skiff.model.Digest.sha256(stored)).isEqualTo(manifest.digest());
    }

    RunReport second = run(source, location, registry, env);
    assertThat(second.uploads()).isZero();
    assertThat(second.records()).extracting(BuildRecord::status).containsExactly(BuildRecord.Status.SKIPPED);
    assertThat(second.published().orElseThrow().changed()).isFalse();
  }

  private RunReport run(Path source, URI location, Path registry, Map<String, String> env) throws Exception {
    return Skiff.source(source)
        .namespace("lab/tools")
        .builder("scratch")
        .storage(location.toString())
        .set(S3Settings.ENDPOINT, S3MockServer.shared().endpoint().toString())
        .registry(registry.toString())
        .environment(env)
        .plan()
        .run();
  }
}
