package dev.skiff.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.events.SkiffEvent;
import dev.skiff.events.Step;
import dev.skiff.internal.config.ConfigLoader;
import dev.skiff.internal.config.CoreKeys;
import dev.skiff.internal.config.ProcessEnvironment;
import dev.skiff.internal.config.RunConfig;
import dev.skiff.internal.pipeline.Events;
import dev.skiff.internal.plugin.Plugins;
import dev.skiff.internal.storage.local.LocalStorageFactory;
import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.report.BuildRecord;
import dev.skiff.report.RunReport;
import dev.skiff.signing.testing.SylabsSif;
import dev.skiff.signing.testing.TestKeys;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.PublishResult;
import dev.skiff.spi.Publisher;
import dev.skiff.spi.PublisherFactory;
import dev.skiff.spi.SkiffException;
import dev.skiff.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline with a builder and a publisher written for the test, and the real local storage. */
class PipelineTest {
  @TempDir
  Path repo;

  @TempDir
  Path storageDir;

  final List<SkiffEvent> events = new CopyOnWriteArrayList<>();
  final List<PublishRequest> published = new ArrayList<>();

  @BeforeEach
  void recipes() throws Exception {
    Files.writeString(repo.resolve("Singularity"), "Bootstrap: scratch\n%labels\n  Author me\n");
    Files.writeString(repo.resolve("Singularity.broken"), "Bootstrap: scratch\n# fail\n");
    Files.writeString(repo.resolve("Singularity.crash"), "Bootstrap: scratch\n# crash\n");
    Files.writeString(repo.resolve("Singularity.garbage"), "Bootstrap: scratch\n# garbage\n");
  }

  final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  final java.util.concurrent.atomic.AtomicInteger mostInFlight = new java.util.concurrent.atomic.AtomicInteger();
  /** How many builds meet before any goes on: none unless a test of parallel builds says. */
  volatile java.util.concurrent.CountDownLatch together = new java.util.concurrent.CountDownLatch(0);

  /** Builds a tiny valid SIF, or fails the way the recipe's comment asks; counts builds in flight. */
  final class TestBuilder implements Builder {
    @Override
    public BuildResult build(dev.skiff.spi.BuildRequest request)
        throws SkiffException, java.io.IOException, InterruptedException {
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        // Builds that should run side by side wait for one another, however the scheduler runs them.
        together.countDown();
        together.await(60, java.util.concurrent.TimeUnit.SECONDS);
        return buildNow(request);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    private BuildResult buildNow(dev.skiff.spi.BuildRequest request) throws SkiffException, java.io.IOException {
      String text = request.recipe().text();
      if (text.contains("# fail")) {
        throw new SkiffException(request.recipe().path() + ": the build failed as asked");
      }
      if (text.contains("# crash")) {
        throw new IllegalStateException("boom");
      }
      Path image = request.outputDir().resolve("image.sif");
      if (text.contains("# garbage")) {
        Files.writeString(image, "not an image");
        return new BuildResult.LocalImage(image);
      }
      request.log().line("building " + request.recipe().tag());
      if (text.contains("# elsewhere")) {
        // As the prebuilt builder does: the image is the user's file, outside the build's folder.
        Path theirs = repo.resolve("prebuilt-" + request.recipe().tag() + ".sif");
        TestImages.sif(theirs, text, 1);
        return new BuildResult.LocalImage(theirs);
      }
      TestImages.sif(image, text, 1);
      if (text.contains("# stored")) {
        // As a remote builder does: the image is already in the storage, under its digest.
        Digest digest = Digest.sha256(image);
        Path blob = Files.createDirectories(storageDir.resolve("myorg/centos")).resolve(digest.hex() + ".sif");
        Files.move(image, blob);
        return new BuildResult.StoredImage(new BlobKey(Namespace.parse("myorg/centos"), digest), Files.size(blob),
            digest);
      }
      return new BuildResult.LocalImage(image);
    }
  }

  private RunReport run(Map<String, String> flags) throws Exception {
    return run(flags, Map.of());
  }

  private RunReport run(Map<String, String> flags, Map<String, String> environment) throws Exception {
    BuilderFactory builders = new BuilderFactory() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public String description() {
        return "test builder";
      }

      @Override
      public Builder create(PluginConfig config, PluginContext context) {
        return new TestBuilder();
      }
    };
    PublisherFactory publishers = new PublisherFactory() {
      @Override
      public String name() {
        return "memory";
      }

      @Override
      public String description() {
        return "remembers";
      }

      @Override
      public Publisher create(String registry, PluginConfig config, PluginContext context) {
        return request -> {
          published.add(request);
          return new PublishResult(true, "memory " + registry, Optional.of("c0ffee"), Optional.empty());
        };
      }
    };
    Plugins plugins = new Plugins(Map.of("test", builders), Map.of("file", new LocalStorageFactory()),
        Map.of("memory", publishers));
    Map<String, String> all = new java.util.HashMap<>(Map.of("namespace", "myorg/centos", "builder", "test",
        "storage", "file://" + storageDir, "publisher", "memory", "registry", "reg"));
    all.putAll(flags);
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.put("SOURCE_DATE_EPOCH", "1700000000");
    List<dev.skiff.spi.ConfigKey> keys = new ArrayList<>(CoreKeys.ALL);
    keys.addAll(plugins.configKeys());
    RunConfig config = RunConfig.resolve(repo, new ConfigLoader(keys).load(repo, env, all, repo), env);
    return new Pipeline(config, plugins, new Events(List.of(events::add)), new ProcessEnvironment(env)).run();
  }

  @Test
  void aFailingRecipeDoesNotLoseTheOthers() throws Exception {
    RunReport report = run(Map.of());
    assertThat(report.succeeded()).isFalse();
    assertThat(report.records()).extracting(r -> r.recipe() + "=" + r.status()).containsExactly(
        "Singularity=BUILT", "Singularity.broken=FAILED", "Singularity.crash=FAILED", "Singularity.garbage=FAILED");
    assertThat(published).hasSize(1);
    assertThat(published.get(0).manifests()).extracting(m -> m.tag().value()).containsExactly("latest");
    BuildRecord built = report.records().get(0);
    Path stored = storageDir.resolve("myorg/centos/" + built.digest().orElseThrow().hex() + ".sif");
    assertThat(Digest.sha256(stored)).isEqualTo(built.digest().orElseThrow());
    assertThat(published.get(0).manifests().get(0).url()).isEqualTo(stored.toUri());
    assertThat(published.get(0).manifests().get(0).provenance().labels()).containsEntry("Author", "me");
  }

  @Test
  void aSigningKeySignsEachImageSoThatTheSylabsLibraryVerifiesIt() throws Exception {
    TestKeys.Key key = TestKeys.get().ci();
    RunReport report = run(Map.of(), Map.of("SKIFF_SIGNING_KEY", key.secretKey()));

    BuildRecord built = report.records().get(0);
    Path stored = storageDir.resolve("myorg/centos/" + built.digest().orElseThrow().hex() + ".sif");
    SylabsSif.Result verified = SylabsSif.verify(key.writePublic(repo, "ci.asc"), stored);
    assertThat(verified.verified()).as(verified.output()).isTrue();
    assertThat(published.get(0).manifests().get(0).provenance().signer()).contains(key.fingerprint());
    assertThat(events).filteredOn(e -> e instanceof SkiffEvent.Finished f && f.step() == Step.SIGN)
        .extracting(SkiffEvent::toString).singleElement().asString()
        .contains("signed by " + key.fingerprint() + " (Lab CI <ci@lab.example>)");
    String keyBody = key.secretKey().lines().skip(2).findFirst().orElseThrow();
    assertThat(events.toString() + report).doesNotContain(keyBody);
  }

  @Test
  void prebuiltAndRemotelyStoredImagesAreSignedTooAndTheUsersFileIsLeftAlone() throws Exception {
    for (String name : List.of("Singularity.broken", "Singularity.crash", "Singularity.garbage")) {
      Files.delete(repo.resolve(name));
    }
    Files.writeString(repo.resolve("Singularity.theirs"), "Bootstrap: scratch\n# elsewhere\n");
    Files.writeString(repo.resolve("Singularity.remote"), "Bootstrap: scratch\n# stored\n");
    TestKeys.Key key = TestKeys.get().ci();
    RunReport report = run(Map.of(), Map.of("SKIFF_SIGNING_KEY", key.secretKey()));

    assertThat(report.succeeded()).as(report.records().toString()).isTrue();
    Path publicKey = key.writePublic(repo, "ci.asc");
    for (BuildRecord record : report.records()) {
      Path stored = storageDir.resolve("myorg/centos/" + record.digest().orElseThrow().hex() + ".sif");
      assertThat(SylabsSif.verify(publicKey, stored).verified()).as(record.recipe()).isTrue();
    }
    Path theirs = repo.resolve("prebuilt-theirs.sif");
    assertThat(dev.skiff.sif.SifFile.read(theirs).firstOf(dev.skiff.sif.SifDataType.SIGNATURE))
        .as("the prebuilt file is not signed in place").isEmpty();
    assertThat(published.get(0).manifests()).allSatisfy(m -> assertThat(m.provenance().signer())
        .contains(key.fingerprint()));
  }

  @Test
  void signedImagesStayReproducibleAndARerunUploadsNothing() throws Exception {
    TestKeys.Key key = TestKeys.get().rsa();
    Path keyFile = key.writeSecret(Files.createTempDirectory("key"), "signing.asc");
    RunReport first = run(Map.of(), Map.of("SKIFF_SIGNING_KEY", keyFile.toString()));
    RunReport second = run(Map.of(), Map.of("SKIFF_SIGNING_KEY", key.secretKey()));
    assertThat(second.records().get(0).digest()).isEqualTo(first.records().get(0).digest());
    assertThat(second.uploads()).isZero();
    assertThat(run(Map.of()).records().get(0).digest()).as("an unsigned image differs")
        .isNotEqualTo(first.records().get(0).digest());
  }

  @Test
  void aKeyThatCannotSignStopsTheRunBeforeAnythingIsBuilt() throws Exception {
    TestKeys keys = TestKeys.get();
    assertThatThrownBy(() -> run(Map.of(), Map.of("SKIFF_SIGNING_KEY", keys.protectedKey().secretKey())))
        .isInstanceOf(dev.skiff.spi.ConfigurationException.class)
        .hasMessageStartingWith("SKIFF_SIGNING_KEY: cannot unlock key " + keys.protectedKey().fingerprint()
            + " (Lab Protected <protected@lab.example>): it has a passphrase, and none was given; ")
        .hasMessageContaining("SKIFF_SIGNING_PASSPHRASE");
    assertThatThrownBy(() -> run(Map.of(), Map.of("SKIFF_SIGNING_KEY", "not-a-key-or-a-file")))
        .hasMessageContaining("nor the path of a readable file holding one")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-a-key-or-a-file"));
    assertThatThrownBy(() -> run(Map.of(), Map.of("SKIFF_SIGNING_KEY", keys.expired().secretKey())))
        .hasMessageContaining("expired on 2020-01-02");
    assertThat(storageDir).isEmptyDirectory();
    Files.writeString(repo.resolve("skiff.yml"), "signing-key: |\n  -----BEGIN PGP PRIVATE KEY BLOCK-----\n");
    assertThatThrownBy(() -> run(Map.of())).hasMessageContaining("'signing-key' is a secret and must not be committed");
  }

  @Test
  void eachFailureNamesWhatFailedAndWhere() throws Exception {
    RunReport report = run(Map.of());
    assertThat(report.records().get(1).error()).contains("Singularity.broken: the build failed as asked");
    assertThat(report.records().get(2).error()).contains("builder 'test' crashed building Singularity.crash:"
        + " IllegalStateException: boom");
    assertThat(report.records().get(3).error()).hasValueSatisfying(e -> assertThat(e)
        .startsWith("builder 'test' produced an invalid image building Singularity.garbage:")
        .contains("not a valid SIF image"));
    assertThat(events).filteredOn(e -> e instanceof SkiffEvent.Failed).extracting(SkiffEvent::subject)
        .containsExactly("myorg/centos:broken", "myorg/centos:crash", "myorg/centos:garbage");
  }

  @Test
  void recipesBuildOneAtATimeByDefault() throws Exception {
    run(Map.of());
    assertThat(mostInFlight.get()).isEqualTo(1);
  }

  @Test
  void jobsBuildRecipesInParallelWithTheSameResults() throws Exception {
    RunReport sequential = run(Map.of());
    mostInFlight.set(0);
    together = new java.util.concurrent.CountDownLatch(3);
    RunReport parallel = run(Map.of("jobs", "3"));
    assertThat(mostInFlight.get()).isEqualTo(3);
    assertThat(parallel.records()).extracting(r -> r.recipe() + "=" + r.status() + r.digest())
        .isEqualTo(sequential.records().stream().map(r -> r.recipe() + "=" + r.status() + r.digest()).toList());
    assertThat(events).filteredOn(e -> e instanceof SkiffEvent.LogLine).extracting(SkiffEvent::subject)
        .containsOnly("myorg/centos:latest");
  }

  @Test
  void aSecondRunUploadsNothing() throws Exception {
    assertThat(run(Map.of()).uploads()).isEqualTo(1);
    RunReport again = run(Map.of());
    assertThat(again.uploads()).isZero();
    assertThat(again.records().get(0).status()).isEqualTo(BuildRecord.Status.BUILT);
  }

  @Test
  void emitsProgressLogAndStepEvents() throws Exception {
    run(Map.of());
    assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo(
        new SkiffEvent.LogLine(Step.BUILD, "myorg/centos:latest", "building latest")));
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(SkiffEvent.Progress.class)
        .extracting(SkiffEvent::step).isEqualTo(Step.STORE));
    assertThat(events).filteredOn(e -> e instanceof SkiffEvent.Finished).extracting(SkiffEvent::step)
        .containsExactly(Step.DISCOVER, Step.PLAN, Step.BUILD, Step.STORE, Step.PUBLISH);
  }

  @Test
  void theReportSaysWhatWasBuiltSkippedUploadedAndPublished() throws Exception {
    Files.createDirectories(repo.resolve("old"));
    Files.writeString(repo.resolve("old/Singularity.v0"), "Bootstrap: scratch\n");
    Files.writeString(repo.resolve("old/.frozen"), "");
    Path file = repo.resolve("out/report.json");
    run(Map.of()).writeTo(file);
    JsonNode report = new ObjectMapper().readTree(file.toFile());
    assertThat(report.path("namespace").asText()).isEqualTo("myorg/centos");
    assertThat(report.path("succeeded").asBoolean()).isFalse();
    JsonNode records = report.path("records");
    assertThat(records.get(0).path("recipe").asText()).isEqualTo("Singularity");
    assertThat(records.get(0).path("uploaded").asBoolean()).isTrue();
    assertThat(records.get(0).path("digest").asText()).startsWith("sha256:");
    assertThat(records.get(4).path("recipe").asText()).isEqualTo("old/Singularity.v0");
    assertThat(records.get(4).path("status").asText()).isEqualTo("SKIPPED");
    assertThat(records.get(4).path("error").asText()).isEqualTo("frozen");
    assertThat(report.path("published").path("commit").asText()).isEqualTo("c0ffee");
    assertThat(report.path("manifests").get(0).path("tag").asText()).isEqualTo("latest");
  }

  @Test
  void aRepositoryWithoutRecipesFailsBeforeAnythingHappens() throws Exception {
    try (var files = Files.list(repo)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    assertThatThrownBy(() -> run(Map.of())).isInstanceOf(SkiffException.class)
        .hasMessage(repo + ": no recipes found; Skiff builds files named 'Singularity' (tag latest) and"
            + " 'Singularity.<tag>'");
    assertThat(storageDir).isEmptyDirectory();
  }

  @Test
  void withoutARegistryNothingIsPublishedAndTheUserIsTold() throws Exception {
    RunReport report = run(Map.of("registry", ""));
    assertThat(published).isEmpty();
    assertThat(report.published()).isEmpty();
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(SkiffEvent.Notice.class)
        .extracting(SkiffEvent::step).isEqualTo(Step.PUBLISH));
  }

  @Test
  void blobKeysAreContentAddressed() {
    Digest digest = Digest.sha256(new byte[] {1});
    assertThat(new BlobKey(Namespace.parse("a/b"), digest).path()).isEqualTo("a/b/" + digest.hex() + ".sif");
  }
}
