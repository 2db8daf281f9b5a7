package dev.skiff.builders.prebuilt;

import dev.skiff.spi.BuilderFactory;
import dev.skiff.testing.BuilderContractTest;
import dev.skiff.testing.BuilderHarness;
import dev.skiff.testing.TestImages;
import java.nio.file.Files;

/** The prebuilt builder against the builder contract; it only reads a file, too quickly to interrupt. */
class PrebuiltBuilderMeetsTheContractIT extends BuilderContractTest {
  @Override
  protected BuilderFactory factory() {
    return new PrebuiltBuilderFactory();
  }

  @Override
  protected String writeRecipe(BuilderHarness harness) throws Exception {
    harness.write("Singularity", "Bootstrap: docker\nFrom: centos:7\n");
    TestImages.sif(Files.createDirectories(repo.resolve("build")).resolve("latest.sif"), "Bootstrap: docker\n", 1);
    return "Singularity";
  }
}
