package dev.skiff.spi;

import dev.skiff.model.Recipe;
import java.util.List;
import java.util.Optional;

/** Makes a {@link Builder}; chosen by {@link #name()}, the word users write as {@code builder:}. */
public interface BuilderFactory {

  /** The word users write to choose this builder ({@code builder: squashfs}, {@code --builder squashfs}). */
  String name();

  /** One line for {@code --help} and error messages. */
  String description();

  /**
   * The settings this builder reads; Skiff accepts, maps to {@code SKIFF_*} variables and lists them. Default: none.
   */
  default List<ConfigKey> configKeys() {
    return List.of();
  }

  /**
   * The settings whose values change the images this builder makes: a run rebuilds every recipe
   * when one of them changes, and skips unchanged recipes otherwise. The default, every setting
   * the builder declares that is not secret, never misses a change; builders leave out the ones
   * that do not change the image, such as a timeout.
   */
  default List<String> outputSettings() {
    return configKeys().stream().filter(key -> !key.secret()).map(ConfigKey::name).toList();
  }

  /**
   * How many recipes this builder builds at once unless the user sets {@code jobs}: 1 for builders
   * that use this machine, more for remote build services that only wait.
   */
  default int defaultJobs() {
    return 1;
  }

  /**
   * Why this builder cannot build a recipe, told before anything runs ({@code skiff plan}, {@code
   * skiff init ci}); empty when it can, or cannot tell without trying, which is the default.
   */
  default Optional<String> cannotBuild(Recipe recipe) {
    return Optional.empty();
  }

  /**
   * Reads the settings once and checks what the builder needs (a program, credentials), failing now,
   * before anything is built, when something is missing.
   *
   * @param config the run's settings, each with its origin
   * @param context the environment, the source and a log
   * @return the builder the run builds every recipe with (from several threads, with {@code jobs} above 1)
   * @throws SkiffException for a setting that cannot be used or something the builder needs and lacks
   */
  Builder create(PluginConfig config, PluginContext context) throws SkiffException;
}
