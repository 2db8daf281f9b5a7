package org.example.skiff;

import dev.skiff.sif.SifArch;
import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.ConfigurationException;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.SkiffException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code squashfs}: wraps a root file system that another tool already packed as squashfs into a
 * SIF image. The word users write in {@code skiff.yml} is {@link #name()}.
 */
public final class SquashfsBuilderFactory implements BuilderFactory {
  static final String ARCH = "builder.squashfs.arch";
  // A secret: Skiff reads it only from the environment (SKIFF_BUILDER_SQUASHFS_TOKEN) and masks it.
  static final String TOKEN = "builder.squashfs.token";

  @Override
  public String name() {
    return "squashfs";
  }

  @Override
  public String description() {
    return "Bootstrap: squashfs recipes, From: a squashfs file or a URL on the lab's mirror";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        ConfigKey.of(ARCH, "the image's architecture: amd64, arm64, ...", "amd64"),
        ConfigKey.secret(TOKEN, "bearer token for downloading From: URLs from the lab's mirror"));
  }

  @Override
  public Builder create(PluginConfig config, PluginContext context) throws SkiffException {
    String arch = config.require(ARCH).toLowerCase(Locale.ROOT);
    SifArch sifArch = Arrays.stream(SifArch.values()).filter(a -> a.goName().equals(arch)).findFirst()
        .orElseThrow(() -> ConfigurationException.of(ARCH, "setting '" + ARCH + "' (from " + config.origin(ARCH) + "): unknown"
            + " architecture '" + arch + "'"));
    Optional<String> token = config.get(TOKEN);
    return new SquashfsBuilder(sifArch, token);
  }
}
