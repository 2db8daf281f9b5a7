package dev.skiff.builders.singularity;

import dev.skiff.model.Recipe;
import dev.skiff.support.ProcessRunner;
import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.SkiffException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Arrays;
import java.util.List;

/** {@code singularity}: builds any recipe with a local {@code apptainer} or {@code singularity}. */
public final class SingularityBuilderFactory implements BuilderFactory {
  static final String EXECUTABLE = "builder.singularity.executable";
  static final String MODE = "builder.singularity.mode";
  static final String ARGS = "builder.singularity.args";
  static final String TIMEOUT = "builder.singularity.timeout";
  static final List<String> PROGRAMS = List.of("apptainer", "singularity");

  @Override
  public String name() {
    return "singularity";
  }

  @Override
  public String description() {
    return "any recipe, built by the apptainer or singularity installed on this machine";
  }

  /** How long a build may take changes nothing in the image. */
  @Override
  public List<String> outputSettings() {
    return configKeys().stream().filter(key -> !key.secret()).map(ConfigKey::name).filter(key -> !key.equals(TIMEOUT)).toList();
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        ConfigKey.of(EXECUTABLE, "the apptainer or singularity program; default: whichever is on PATH"),
        ConfigKey.of(MODE, "fakeroot (--fakeroot), sudo (through sudo), or plain (as the current user)", "fakeroot"),
        ConfigKey.of(ARGS, "extra arguments for 'build', separated by spaces, such as --fix-perms"),
        ConfigKey.of(TIMEOUT, "how long one build may take before it is killed", "2h"));
  }

  /** Apptainer builds here: an agent it does not know fails before anything runs. */
  @Override
  public Optional<String> cannotBuild(Recipe recipe) {
    return recipe.unknownToApptainer().map(Throwable::getMessage);
  }

  @Override
  public Builder create(PluginConfig config, PluginContext context) throws SkiffException {
    List<String> wanted = config.get(EXECUTABLE).map(List::of).orElse(PROGRAMS);
    Path executable = ProcessRunner.findExecutable(wanted, context.environment())
        .orElseThrow(() -> new SkiffException("builder 'singularity' needs "
            + (config.get(EXECUTABLE).isPresent() ? "'" + wanted.get(0) + "' (" + EXECUTABLE + " from "
                + config.origin(EXECUTABLE) + "), which is not an executable" : "apptainer or singularity, and neither is on PATH")
            + ": install Apptainer (https://apptainer.org/docs/admin/main/installation.html),"
            + " or pick a builder that needs no local runtime"));
    BuildMode mode = BuildMode.parse(config.require(MODE), config.origin(MODE));
    List<String> args = config.get(ARGS).map(a -> Arrays.stream(a.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
    return new SingularityBuilder(executable, mode, args, new ProcessRunner(config.duration(TIMEOUT).orElseThrow(), context.environment()),
        config.duration(TIMEOUT).orElseThrow());
  }
}
