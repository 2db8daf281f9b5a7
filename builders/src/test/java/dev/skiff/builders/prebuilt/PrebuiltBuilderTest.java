package dev.skiff.builders.prebuilt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.testing.BuilderHarness;
import dev.skiff.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrebuiltBuilderTest {
  @TempDir
  Path repo;

  @TempDir
  Path work;

  BuilderHarness harness;

  @BeforeEach
  void recipes() throws Exception {
    harness = new BuilderHarness(new PrebuiltBuilderFactory(), repo, work);
    harness.write("Singularity", "Bootstrap: docker\nFrom: centos:7\n");
    harness.write("tools/Singularity.v2", "Bootstrap: docker\nFrom: centos:7\n");
  }

  private void sif(String path) throws Exception {
    Path image = repo.resolve(path);
    Files.createDirectories(image.getParent());
    TestImages.sif(image, "Bootstrap: docker\n", 1);
  }

  @Test
  void findsEachTagsImageByThePattern() throws Exception {
    sif("build/latest.sif");
    sif("tools/out/v2.sif");
    Builder defaults = harness.builder(Map.of(), Map.of());
    assertThat(((BuildResult.LocalImage) harness.build(defaults, "Singularity")).file())
        .isEqualTo(repo.resolve("build/latest.sif"));
    Builder perFolder = harness.builder(Map.of("builder.prebuilt.pattern", "{dir}/out/{tag}.sif"), Map.of());
    assertThat(((BuildResult.LocalImage) harness.build(perFolder, "tools/Singularity.v2")).file())
        .isEqualTo(repo.resolve("tools/out/v2.sif"));
    assertThat(harness.log).contains("using the prebuilt image tools/out/v2.sif");
  }

  @Test
  void aMissingImageNamesWhereItWasLookedFor() throws Exception {
    assertThatThrownBy(() -> harness.build(harness.builder(Map.of(), Map.of()), "Singularity"))
        .hasMessage("Singularity: no prebuilt image for tag 'latest' at build/latest.sif (builder.prebuilt.pattern is"
            + " build/{tag}.sif)");
  }

  @Test
  void aFileThatIsNotASifIsRefused() throws Exception {
    harness.write("build/latest.sif", "not an image, just text that is long enough".repeat(100));
    assertThatThrownBy(() -> harness.build(harness.builder(Map.of(), Map.of()), "Singularity"))
        .hasMessage("Singularity: the prebuilt image build/latest.sif is not a SIF image: no SIF_MAGIC at offset 32");
  }

  @Test
  void aPatternWithoutTagOrLeavingTheRepositoryIsRefused() throws Exception {
    assertThatThrownBy(() -> harness.builder(Map.of("builder.prebuilt.pattern", "build/image.sif"), Map.of()))
        .hasMessageContaining("has no {tag}");
    Builder escaping = harness.builder(Map.of("builder.prebuilt.pattern", "../{tag}.sif"), Map.of());
    assertThatThrownBy(() -> harness.build(escaping, "Singularity"))
        .hasMessage("Singularity: the prebuilt image ../latest.sif lies outside the repository");
  }
}
