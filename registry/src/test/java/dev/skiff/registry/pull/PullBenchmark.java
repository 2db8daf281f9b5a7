package dev.skiff.registry.pull;

import dev.skiff.model.Digest;
import dev.skiff.registry.site.SiteRenderer;
import dev.skiff.registry.site.SiteRequest;
import dev.skiff.registry.site.StaticServer;
import dev.skiff.registry.verify.RegistryScenario;
import dev.skiff.spi.ProgressListener;
import dev.skiff.support.RetryPolicy;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff pull} of a 1 GiB image from nginx on loopback, beside {@code curl -o} followed by
 * {@code sha256sum} in the same run; then a second pull of the same image, from the cache. Not part
 * of the suite: run it with
 * {@code ./mvnw -B -pl registry -am test -Dtest=PullBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PullBenchmark {
  static final long SIZE = 1L << 30;

  @TempDir
  Path work;

  @Test
  void pullsAsFastAsCurlAndSha256sum() throws Exception {
    Path root = Files.createDirectories(work.resolve("www"));
    Path blob = Files.createDirectories(root.resolve("blobs")).resolve("image.sif");
    MessageDigest sha256 = Digest.newSha256();
    Random random = new Random(1);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(blob)) {
      for (long written = 0; written < SIZE; written += chunk.length) {
        random.nextBytes(chunk);
        sha256.update(chunk);
        out.write(chunk);
      }
    }
    Digest digest = Digest.of(sha256.digest());
    try (StaticServer server = StaticServer.serve(root,
        work.resolve("nginx"))) {
      String url = server.url("blobs/image.sif").toString();
      Path registry = work.resolve("registry");
      try (RegistryScenario scenario = new RegistryScenario(registry)) {
        scenario.onMain().write("lab/big/manifests/latest/README.md", "---\nlayout: manifests/singularity\nsize: "
            + SIZE + "\ndigest: " + digest + "\nlayers:\n- size: " + SIZE + "\n  digest: " + digest + "\n  url: \""
            + url + "\"\n---\n").commit();
      }
      SiteRenderer.render(SiteRequest.of(registry.toString(), root.resolve("site")));

      long start = System.nanoTime();
      Path curled = work.resolve("curl.sif");
      run("curl", "-sf", "-o", curled.toString(), url);
      run("sha256sum", curled.toString());
      double curl = seconds(start);
      Files.delete(curled);

      PullClient client = new PullClient(RetryPolicy.DEFAULT);
      PullReference ref = PullReference.parse("lab/big:latest", Optional.of(server.url("site/").toString()));
      start = System.nanoTime();
      PullResult first = client.pull(new PullRequest(ref, Optional.of(work.resolve("skiff.sif")), work.resolve("cache"),
          ProgressListener.NONE));
      double skiff = seconds(start);
      start = System.nanoTime();
      PullResult second = client.pull(new PullRequest(ref, Optional.of(work.resolve("again.sif")), work.resolve("cache"),
          ProgressListener.NONE));
      double cached = seconds(start);
      System.out.printf("skiff pull benchmark, 1 GiB from nginx on loopback:%n"
          + "  curl -o + sha256sum: %6.2f s%n  skiff pull:          %6.2f s (%,d bytes downloaded, checked)%n"
          + "  skiff / curl:        %6.2f%n  second pull:         %6.2f s, %,d bytes downloaded%n"
          + "  goals: no slower than curl + sha256sum; a cached pull under 1 s with 0 bytes%n",
          curl, skiff, first.downloaded(), skiff / curl, cached, second.downloaded());
    }
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (process.waitFor() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed");
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
