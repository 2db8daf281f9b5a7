package dev.skiff.cloudbuild;

import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.SkiffPlugin;
import java.util.List;

/** The {@code cloudbuild} builder, apart from the local builders so that their users carry no Google client. */
public final class CloudBuildPlugin implements SkiffPlugin {
  @Override
  public String name() {
    return "cloudbuild";
  }

  @Override
  public List<BuilderFactory> builders() {
    return List.of(new CloudBuildBuilderFactory());
  }
}
