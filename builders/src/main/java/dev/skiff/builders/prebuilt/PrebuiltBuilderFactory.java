package dev.skiff.builders.prebuilt;

import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.SkiffException;
import java.util.List;

/**
 * {@code prebuilt}: images an earlier CI step built with its own scripts; Skiff only checks,
 * stores and publishes them.
 */
public final class PrebuiltBuilderFactory implements BuilderFactory {
  static final String PATTERN = "builder.prebuilt.pattern";

  @Override
  public String name() {
    return "prebuilt";
  }

  @Override
  public String description() {
    return "images an earlier step built, found by builder.prebuilt.pattern such as build/{tag}.sif";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(ConfigKey.of(PATTERN, "where each tag's image is, relative to the source repository;"
        + " {tag} is the tag, {dir} the recipe's folder", "build/{tag}.sif"));
  }

  @Override
  public Builder create(PluginConfig config, PluginContext context) throws SkiffException {
    String pattern = config.require(PATTERN);
    if (!pattern.contains("{tag}")) {
      throw new SkiffException("setting '" + PATTERN + "' (from " + config.origin(PATTERN) + "): '" + pattern
          + "' has no {tag}, so every tag would get the same image");
    }
    return new PrebuiltBuilder(context.sourceRoot(), pattern);
  }
}
