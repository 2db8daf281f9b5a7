package dev.skiff.cli.plugins;

import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.SkiffPlugin;
import java.util.List;

/** A team's plugin as the plugin tests drop it into a plugin folder: one builder, 'lab'. */
public final class LabPlugin implements SkiffPlugin {
  @Override
  public String name() {
    return "lab";
  }

  @Override
  public List<BuilderFactory> builders() {
    return List.of(new LabBuilderFactory());
  }

  /** A builder the tests only name: none of them builds with it. */
  public static final class LabBuilderFactory implements BuilderFactory {
    @Override
    public String name() {
      return "lab";
    }

    @Override
    public String description() {
      return "the lab's cluster";
    }

    @Override
    public Builder create(PluginConfig config, PluginContext context) throws SkiffException {
      throw new SkiffException("builder 'lab': the tests never build with it");
    }
  }
}
