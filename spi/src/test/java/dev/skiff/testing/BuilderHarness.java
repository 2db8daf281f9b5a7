package dev.skiff.testing;

import dev.skiff.model.Namespace;
import dev.skiff.model.Recipe;
import dev.skiff.model.RecipeParser;
import dev.skiff.spi.BuildRequest;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.ProgressListener;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a builder the way the pipeline does, over a source repository the test writes: settings
 * resolve as flags and {@code SKIFF_*} variables do in a run, the recipe is read and parsed as in a
 * run, and log lines are collected. Skiff's own builders are tested with it; so can a team's
 * builder (the skiff-spi test jar).
 */
public final class BuilderHarness {
  public static final Instant SOURCE_DATE = Instant.ofEpochSecond(1_700_000_000L);

  private final BuilderFactory factory;
  private final Path repo;
  private final Path work;
  public final List<String> log = new CopyOnWriteArrayList<>();
  private URI storage = URI.create("file:/harness-storage/");

  /** The run's storage that builds are told about (for builders that store images themselves). */
  public BuilderHarness storage(URI uri) {
    this.storage = uri;
    return this;
  }

  public BuilderHarness(BuilderFactory factory, Path repo, Path work) {
    this.factory = factory;
    this.repo = repo;
    this.work = work;
  }

  /** Writes a file of the source repository. */
  public Path write(String path, String content) throws Exception {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  /** Creates the builder with these settings (as flags) and this environment. */
  public Builder builder(Map<String, String> settings, Map<String, String> environment) throws Exception {
    TestConfig config = new TestConfig(factory.configKeys(), settings, environment, repo);
    return factory.create(config, new PluginContext(environment, repo, work, log::add));
  }

  public Recipe recipe(String path) throws Exception {
    return RecipeParser.read(repo, Path.of(path));
  }

  /** Builds the recipe at this path, in an output folder of its own, stamped with {@link #SOURCE_DATE}. */
  public BuildResult build(Builder builder, String recipePath) throws Exception {
    Recipe recipe = recipe(recipePath);
    Path out = Files.createDirectories(work.resolve("out-" + recipe.tag() + "-" + System.nanoTime()));
    return builder.build(new BuildRequest(recipe, Namespace.parse("myorg/tools"), out, SOURCE_DATE, storage, log::add,
        ProgressListener.NONE));
  }
}
