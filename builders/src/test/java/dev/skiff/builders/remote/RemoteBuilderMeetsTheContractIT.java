package dev.skiff.builders.remote;

import dev.skiff.spi.BuilderFactory;
import dev.skiff.testing.BuilderContractTest;
import dev.skiff.testing.BuilderHarness;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The remote builder against the builder contract, with the Sylabs build service stand-in on loopback. */
class RemoteBuilderMeetsTheContractIT extends BuilderContractTest {
  SylabsBuildServiceStandIn service;

  @BeforeEach
  void start() throws Exception {
    service = new SylabsBuildServiceStandIn(work);
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  @Override
  protected BuilderFactory factory() {
    return new RemoteBuilderFactory();
  }

  @Override
  protected Map<String, String> settings() {
    return Map.of("builder.remote.url", service.url().toString(), "builder.remote.library", service.url().toString());
  }

  @Override
  protected String secretValue(String key) {
    return SylabsBuildServiceStandIn.TOKEN;
  }

  @Override
  protected String writeRecipe(BuilderHarness harness) throws Exception {
    harness.write("Singularity", "Bootstrap: docker\nFrom: centos:7\n%post\n  yum -y install git\n");
    return "Singularity";
  }

  @Override
  protected Optional<SlowBuild> writeSlowRecipe(BuilderHarness harness) throws Exception {
    harness.write("Singularity.slow", "Bootstrap: docker\nFrom: centos:7\n# stand-in: hang\n");
    return Optional.of(SlowBuild.opening("Singularity.slow", service.watched));
  }
}
