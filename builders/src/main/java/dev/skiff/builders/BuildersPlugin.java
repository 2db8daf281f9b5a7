package dev.skiff.builders;

import dev.skiff.builders.prebuilt.PrebuiltBuilderFactory;
import dev.skiff.builders.remote.RemoteBuilderFactory;
import dev.skiff.builders.scratch.ScratchBuilderFactory;
import dev.skiff.builders.singularity.SingularityBuilderFactory;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.SkiffPlugin;
import java.util.List;

/** Skiff's own builders: {@code singularity}, {@code scratch}, {@code prebuilt} and {@code remote}. */
public final class BuildersPlugin implements SkiffPlugin {
  @Override
  public String name() {
    return "builders";
  }

  @Override
  public List<BuilderFactory> builders() {
    return List.of(new SingularityBuilderFactory(), new ScratchBuilderFactory(), new PrebuiltBuilderFactory(),
        new RemoteBuilderFactory());
  }
}
