package org.example.skiff;

import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.SkiffPlugin;
import java.util.List;

/**
 * The plugin's one entry point, listed in META-INF/services/dev.skiff.spi.SkiffPlugin; Skiff finds
 * it on the class path.
 */
public final class ExamplePlugin implements SkiffPlugin {
  @Override
  public String name() {
    return "example-lab";
  }

  @Override
  public List<BuilderFactory> builders() {
    return List.of(new SquashfsBuilderFactory());
  }
}
