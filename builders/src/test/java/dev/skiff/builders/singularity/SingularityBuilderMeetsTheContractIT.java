package dev.skiff.builders.singularity;

import dev.skiff.spi.BuilderFactory;
import dev.skiff.testing.BuilderContractTest;
import dev.skiff.testing.BuilderHarness;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

/** The local builder against the builder contract, with the stand-in apptainer of {@link SingularityBuilderIT}. */
class SingularityBuilderMeetsTheContractIT extends BuilderContractTest {
  @Override
  protected BuilderFactory factory() {
    return new SingularityBuilderFactory();
  }

  @Override
  protected Map<String, String> environment() throws Exception {
    Map<String, String> environment = ApptainerStandIn.onPath(Files.createDirectories(work.resolve("bin")));
    environment.put("STANDIN_CHILD_PID_FILE", work.resolve("child.pid").toString());
    return environment;
  }

  @Override
  protected Optional<String> notReproducibleBecause() {
    return Optional.of("Apptainer writes a random id and the time of the build into every SIF (and the stand-in does too)");
  }

  @Override
  protected String writeRecipe(BuilderHarness harness) throws Exception {
    harness.write("centos/Singularity", "Bootstrap: docker\nFrom: centos:7\n%post\n  yum -y install git\n");
    return "centos/Singularity";
  }

  @Override
  protected Optional<SlowBuild> writeSlowRecipe(BuilderHarness harness) throws Exception {
    harness.write("Singularity.slow", "Bootstrap: docker\nFrom: centos:7\n# stand-in: hang\n");
    return Optional.of(SlowBuild.logging(harness, "Singularity.slow", "INFO:    Starting build..."));
  }
}
