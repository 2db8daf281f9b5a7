package dev.skiff.registry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test of the suite: verifies a pull request that changes 1,000 manifests
 * against the loopback HTTPS server with the default concurrency, and prints the time and the
 * number of requests (bench/verify measures whole processes). Run it with
 * {@code ./mvnw -B -pl registry -am test -Dtest=VerifyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class VerifyBenchmark {
  static final int MANIFESTS = 1_000;

  @TempDir
  Path dir;

  @Test
  void verifyAThousandManifests() throws Exception {
    try (BlobServer server = new BlobServer(dir); RegistryScenario scenario = new RegistryScenario(dir.resolve("registry"))) {
      byte[] sif = RegistryVerifierIT.sifBytes(dir.resolve("a.sif"), 1);
      server.put("a.sif", sif);
      RegistryScenario.Edit edit = scenario.pullRequest("update/myorg/many");
      for (int i = 0; i < MANIFESTS; i++) {
        edit.write("myorg/many/manifests/v" + i + "/README.md",
            RegistryVerifierIT.manifest("v" + i, sif, server.https("/blobs/a.sif")));
      }
      String head = edit.commit();
      HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
          .sslContext(server.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
      VerifyRequest request = new VerifyRequest(dir.resolve("registry"), "main", head, "update/myorg/many", false,
          VerifyRequest.DEFAULT_CONCURRENCY, VerifyRequest.DEFAULT_TIMEOUT, VerifyRequest.DEFAULT_ATTEMPTS);
      new RegistryVerifier(client).verify(request); // warm-up: class loading, TLS, JIT
      int before = server.requests.get();
      long start = System.nanoTime();
      VerifyReport report = new RegistryVerifier(client).verify(request);
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(report.passed()).isTrue();
      System.out.printf("skiff verify benchmark, in one warm JVM: %d manifests, concurrency %d: %.2f s, %d HTTP requests"
          + " (server counted %d), %.0f manifests/s; the goal (under 5 s, 256 MB) is for the whole process:"
          + " bench/verify%n", MANIFESTS, VerifyRequest.DEFAULT_CONCURRENCY,
          seconds, report.requests(), server.requests.get() - before, MANIFESTS / seconds);
    }
  }
}
