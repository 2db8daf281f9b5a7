package dev.skiff.builders.scratch;

import dev.skiff.model.Recipe;
import dev.skiff.support.ProcessRunner;
import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.SkiffException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code scratch}: builds {@code Bootstrap: scratch} recipes without root or Apptainer. */
public final class ScratchBuilderFactory implements BuilderFactory {
  static final String MKSQUASHFS = "builder.scratch.mksquashfs";
  static final String COMPRESSION = "builder.scratch.compression";
  static final String TIMEOUT = "builder.scratch.timeout";

  @Override
  public String name() {
    return "scratch";
  }

  @Override
  public String description() {
    return "Bootstrap: scratch recipes (%files, %labels, %environment, %runscript, %help), no root needed";
  }

  /** How long a build may take changes nothing in the image. */
  @Override
  public List<String> outputSettings() {
    return configKeys().stream().filter(key -> !key.secret()).map(ConfigKey::name).filter(key -> !key.equals(TIMEOUT)).toList();
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        ConfigKey.of(MKSQUASHFS, "the mksquashfs program", "mksquashfs"),
        ConfigKey.of(COMPRESSION, "squashfs compression: gzip, xz, zstd, lz4, lzo", "gzip"),
        ConfigKey.of(TIMEOUT, "how long building one image may take, copying %files and packing included", "10m"));
  }

  @Override
  public Optional<String> cannotBuild(Recipe recipe) {
    return ScratchBuilder.cannotBuild(recipe);
  }

  @Override
  public Builder create(PluginConfig config, PluginContext context) throws SkiffException {
    String program = config.require(MKSQUASHFS);
    Path mksquashfs = ProcessRunner.findExecutable(List.of(program), context.environment())
        .orElseThrow(() -> new SkiffException("builder 'scratch' needs mksquashfs, and '" + program
            + "' is not installed: install squashfs-tools (apt-get install squashfs-tools) or set " + MKSQUASHFS));
    Duration timeout = config.duration(TIMEOUT).orElseThrow();
    return new ScratchBuilder(new SquashfsPacker(mksquashfs, config.require(COMPRESSION), context.environment()),
        timeout, System::nanoTime);
  }
}
