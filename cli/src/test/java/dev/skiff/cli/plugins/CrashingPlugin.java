package dev.skiff.cli.plugins;

import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.SkiffPlugin;
import java.util.List;

/** A plugin with a bug: its builder 'crash' throws when a run creates it. */
public final class CrashingPlugin implements SkiffPlugin {
  @Override
  public String name() {
    return "crashing";
  }

  @Override
  public List<BuilderFactory> builders() {
    return List.of(new CrashingBuilderFactory());
  }

  /** The builder whose factory has the bug. */
  public static final class CrashingBuilderFactory implements BuilderFactory {
    @Override
    public String name() {
      return "crash";
    }

    @Override
    public String description() {
      return "a builder with a bug";
    }

    @Override
    public Builder create(PluginConfig config, PluginContext context) {
      throw new IllegalStateException("field 'cluster' was never set");
    }
  }
}
