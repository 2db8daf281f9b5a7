package dev.skiff.storage.oci;

import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.Storage;
import dev.skiff.testing.TestConfig;
import dev.skiff.testing.TestImages;
import dev.skiff.testing.Tools;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushing a 1 GiB image to docker-registry on loopback: oci:// storage beside {@code skopeo copy}
 * of the same SIF as an OCI artifact (from an OCI layout holding it), in the same run, each to a
 * repository of its own; then Skiff's second push of the same image, which sends no byte. Prints
 * the times and their ratio; goal: at most 1.1x skopeo, and the second push under 1 s. {@code
 * -Dchunk=16M} pushes in chunks of that size instead of the default. Not part
 * of the suite: {@code ./mvnw -B -pl storage-oci -am test -Dtest=OciPushBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class OciPushBenchmark {
  static final long SIZE = 1L << 30;

  @TempDir
  Path work;

  @Test
  void pushesAGibibyteAsFastAsSkopeo() throws Exception {
    Path image = TestImages.randomBlob(work.resolve("big.sif"), SIZE, 1);
    Digest digest = Digest.sha256(image);
    Path layout = ociLayout(image, digest);
    StringBuilder report = new StringBuilder("oci:// push of a 1 GiB image to docker-registry on loopback:\n");
    try (DockerRegistry registry = DockerRegistry.start(Files.createDirectories(work.resolve("registry")), false)) {
      long start = System.nanoTime();
      Tools.ok(work, "skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":latest",
          "docker://" + registry.address() + "/bench/skopeo/big:latest");
      double skopeo = seconds(start);

      OciStorageFactory factory = new OciStorageFactory();
      try (Storage storage = factory.create(URI.create("oci://" + registry.address() + "/bench"),
          new TestConfig(factory.configKeys(), Map.of(OciStorageFactory.PLAIN_HTTP, "true",
              OciStorageFactory.CHUNK_SIZE, System.getProperty("chunk", "1G")), Map.of(), work),
          new PluginContext(Map.of(), work, work, line -> { }))) {
        BlobKey key = new BlobKey(Namespace.parse("skiff/big"), digest);
        start = System.nanoTime();
        storage.put(new PutRequest(key, image, SIZE, Map.of("tag", "latest"), (d, t) -> { }));
        double skiff = seconds(start);
        start = System.nanoTime();
        boolean sentAgain = storage.put(new PutRequest(key, image, SIZE, Map.of("tag", "latest"), (d, t) -> { }))
            .uploaded();
        double again = seconds(start);
        report.append(String.format("  skopeo copy:     %6.2f s%n  skiff (oci://):  %6.2f s, %.2fx skopeo (goal: at most"
            + " 1.1x)%n  second push:     %6.2f s, bytes sent again: %s (goal: none, under 1 s)%n", skopeo, skiff,
            skiff / skopeo, again, sentAgain ? "yes" : "none"));
      }
    }
    System.out.print(report);
  }

  /** An OCI layout holding the image as Apptainer's artifact: what skopeo copies from. */
  private Path ociLayout(Path image, Digest digest) throws Exception {
    Path layout = Files.createDirectories(work.resolve("layout"));
    Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
    Files.createLink(blobs.resolve(digest.hex()), image);
    byte[] config = OciStorage.CONFIG;
    Files.write(blobs.resolve(Digest.sha256(config).hex()), config);
    byte[] manifest = OciStorage.manifest(new BlobKey(Namespace.parse("skopeo/big"), digest), SIZE, "latest");
    Digest manifestDigest = Digest.sha256(manifest);
    Files.write(blobs.resolve(manifestDigest.hex()), manifest);
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
        + OciStorage.MANIFEST_TYPE + "\",\"digest\":\"" + manifestDigest + "\",\"size\":" + manifest.length
        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}", StandardCharsets.UTF_8);
    return layout;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
