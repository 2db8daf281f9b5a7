package dev.skiff.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.skiff.Skiff;
import dev.skiff.model.Digest;
import dev.skiff.registry.RegistryInit;
import dev.skiff.spi.BuildException;
import dev.skiff.spi.ConfigurationException;
import dev.skiff.spi.PluginException;
import dev.skiff.spi.PublishException;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.StorageException;
import dev.skiff.spi.VerificationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedding program tells Skiff's failures apart by their type, as the user guide shows, and
 * reads the facts each carries; every message names settings, never a command-line flag.
 */
class FailureKindsTest {
  @TempDir
  Path work;

  Path source;

  @BeforeEach
  void source() throws Exception {
    source = Files.createDirectories(work.resolve("hello"));
    Files.writeString(source.resolve("Singularity"), "Bootstrap: scratch\n");
  }

  private Skiff skiff() {
    return Skiff.source(source).codeSettingsOnly().environment(Map.of("PATH", System.getenv("PATH")))
        .namespace("lab/hello").builder("scratch");
  }

  @Test
  void settingsThatCannotBeUsedAreConfigurationFailuresNamingTheSetting() {
    ConfigurationException missing = thrown(ConfigurationException.class, () -> skiff().plan());
    assertThat(missing.setting()).contains("storage");
    ConfigurationException unknown = thrown(ConfigurationException.class,
        () -> skiff().storage(work.toUri().toString()).builder("singularty").plan());
    assertThat(unknown.setting()).contains("builder");
    ConfigurationException typo = thrown(ConfigurationException.class,
        () -> skiff().storage(work.toUri().toString()).set("builder.singularity.mod", "sudo").plan());
    assertThat(typo.setting()).contains("builder.singularity.mod");
    assertThat(List.of(missing, unknown, typo)).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain("--"));
  }

  @Test
  void aPluginFolderThatIsNotThereIsAPluginFailure() {
    PluginException e = thrown(PluginException.class, () -> skiff().pluginFolder(work.resolve("plugns")).catalog());
    assertThat(e.plugin()).isEqualTo(work.resolve("plugns").toString());
    assertThat(e.crashed()).isFalse();
  }

  @Test
  void aRecipeThatCannotBeBuiltIsABuildFailureNamingTheRecipe() throws Exception {
    Files.writeString(source.resolve("Singularity.broken"), "From: centos:7\n");
    BuildException e = thrown(BuildException.class, () -> skiff().discover());
    assertThat(e.recipe()).contains(Path.of("Singularity.broken"));
  }

  @Test
  void aBlobTheStoreDoesNotHoldIsAStorageFailure() {
    Digest digest = Digest.parse("sha256:" + "0".repeat(64));
    thrown(StorageException.class, () -> skiff().readBlob(
        work.resolve("store/lab/hello/" + digest.hex() + ".sif").toUri(), digest, 0));
  }

  @Test
  void aRegistryThatCannotBeUpdatedIsAPublishFailure() throws Exception {
    Path notARepository = Files.createDirectories(work.resolve("registry"));
    thrown(PublishException.class, () -> skiff().storage(work.resolve("store").toUri().toString())
        .registry(notARepository.toString()).plan().run());
  }

  @Test
  void shardRecordsThatDoNotCheckOutAreAVerificationFailure() throws Exception {
    Path registry = work.resolve("registry");
    RegistryInit.init(registry, "main", "lab");
    Path noRecords = Files.createDirectories(work.resolve("records"));
    thrown(VerificationException.class, () -> skiff().storage(work.resolve("store").toUri().toString())
        .registry(registry.toString()).plan().publishRecords(List.of(noRecords)));
  }

  /** What the program's catch clause for this kind receives; fails when another kind, or nothing, is thrown. */
  private static <E extends SkiffException> E thrown(Class<E> kind, Call call) {
    try {
      call.run();
    } catch (SkiffException e) {
      assertThat(e).as(e.getMessage()).isInstanceOf(kind);
      return kind.cast(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return fail("expected a " + kind.getSimpleName());
  }

  @FunctionalInterface
  interface Call {
    Object run() throws SkiffException, InterruptedException;
  }
}
