package dev.skiff.registry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.model.Digest;
import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.SourceInfo;
import dev.skiff.model.Tag;
import dev.skiff.publisher.BranchPublisherFactory;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.PublishRequest;
import dev.skiff.testing.TestConfig;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the publisher writes passes {@code skiff verify}: the writer of the pages and their checker
 * agree. Lives beside the publisher, which depends on the registry module, not the other way.
 */
class PublishedPagesPassVerifyIT {
  @TempDir
  Path serverDir;

  @TempDir
  Path registry;

  @Test
  void whatSkiffRunPublishesPassesVerification() throws Exception {
    byte[] sif = RegistryVerifierIT.sifBytes(serverDir.resolve("a.sif"), 1);
    try (BlobServer server = new BlobServer(serverDir); RegistryScenario scenario = new RegistryScenario(registry)) {
      server.put("a.sif", sif);
      scenario.onMain().write("README.md", "# registry\n").commit();
      var manifest = new Manifest(Namespace.parse("lab/tools"), Tag.of("latest"), Digest.sha256(sif), sif.length,
          server.https("/blobs/a.sif"), new Manifest.Provenance("Singularity", Digest.sha256(new byte[] {1}), "scratch",
              Instant.EPOCH, Optional.of("https://github.com/lab/tools"), Optional.of("abc"),
              Map.of("Maintainer", "lab: \"the\" team", "Version", "1.0")));
      BranchPublisherFactory factory = new BranchPublisherFactory();
      var config = new TestConfig(factory.configKeys(), Map.of("registry", registry.toString()), Map.of(), registry);
      factory.create(registry.toString(), config, new PluginContext(Map.of(), registry, registry, line -> { }))
          .publish(new PublishRequest(manifest.namespace(), List.of(manifest), SourceInfo.unknown(),
              Optional.of("Tools: \"all\" of them & more, {not liquid}"), line -> { }));

      HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
          .sslContext(server.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
      VerifyReport report = new RegistryVerifier(client).verify(new VerifyRequest(registry, "main",
          "refs/heads/update/lab/tools", "update/lab/tools", false, 16, Duration.ofSeconds(30), 3));
      assertThat(report.findings()).as(report.findings().toString()).allMatch(Finding::passed);
      assertThat(report.passed()).isTrue();
    }
  }

  @Test
  void aRunThatRemovesADeletedRecipesTagAndRecordsItsInputsPassesVerification() throws Exception {
    byte[] sif = RegistryVerifierIT.sifBytes(serverDir.resolve("a.sif"), 1);
    try (BlobServer server = new BlobServer(serverDir); RegistryScenario scenario = new RegistryScenario(registry)) {
      server.put("a.sif", sif);
      Manifest latest = manifest(Tag.of("latest"), sif, server.https("/blobs/a.sif"));
      Manifest old = manifest(Tag.of("old"), sif, server.https("/blobs/a.sif"));
      // Both tags are on the default branch, merged earlier.
      Namespace ns = latest.namespace();
      scenario.onMain().write("README.md", "# registry\n")
          .write(dev.skiff.registry.RegistryLayout.collection(ns), dev.skiff.registry.CollectionPage.render("Tools"))
          .write(dev.skiff.registry.RegistryLayout.tags(ns), dev.skiff.registry.CollectionPage.renderTags())
          .write(dev.skiff.registry.RegistryLayout.manifest(ns, latest.tag()), dev.skiff.registry.ManifestPage.render(latest))
          .write(dev.skiff.registry.RegistryLayout.manifest(ns, old.tag()), dev.skiff.registry.ManifestPage.render(old))
          .commit();
      // The source has only latest now: the run's branch removes old.
      BranchPublisherFactory factory = new BranchPublisherFactory();
      factory.create(registry.toString(), new TestConfig(factory.configKeys(), Map.of("registry", registry.toString()),
          Map.of(), registry), new PluginContext(Map.of(), registry, registry, line -> { }))
          .publish(new PublishRequest(latest.namespace(), List.of(latest), SourceInfo.unknown(), Optional.empty(),
              line -> { }, Optional.of(java.util.Set.of(Tag.of("latest")))));

      HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
          .sslContext(server.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
      VerifyReport report = new RegistryVerifier(client).verify(new VerifyRequest(registry, "main",
          "refs/heads/update/lab/tools", "update/lab/tools", false, 16, Duration.ofSeconds(30), 3));
      assertThat(report.findings()).as(report.findings().toString()).allMatch(Finding::passed);
      assertThat(report.findings()).anySatisfy(finding -> assertThat(finding.path()).contains("manifests/old"));
    }
  }

  private static Manifest manifest(Tag tag, byte[] sif, java.net.URI url) {
    return new Manifest(Namespace.parse("lab/tools"), tag, Digest.sha256(sif), sif.length, url,
        new Manifest.Provenance("Singularity." + tag, Digest.sha256(new byte[] {1}), "scratch", Instant.EPOCH,
            Optional.of("https://github.com/lab/tools"), Optional.of("abc"), Map.of(),
            Optional.of(Digest.sha256(new byte[] {2})), Optional.of(Instant.parse("2026-11-30T12:00:00Z"))));
  }
}
