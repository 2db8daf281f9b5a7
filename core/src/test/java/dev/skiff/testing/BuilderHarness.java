package dev.skiff.testing;

import dev.skiff.config.ConfigLoader;
import dev.skiff.config.CoreKeys;
import dev.skiff.config.Settings;
import dev.skiff.discovery.RecipeDiscovery;
import dev.skiff.model.Namespace;
import dev.skiff.model.Recipe;
import dev.skiff.spi.BuildRequest;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a builder the way the pipeline does, over a source repository the test writes: settings
 * are read and checked as in a run, the recipe is discovered and parsed as in a run, and log lines
 * are collected. Skiff's own builders are tested with it; so can a team's builder (core test-jar).
 */
public final class BuilderHarness {
  public static final Instant SOURCE_DATE = Instant.ofEpochSecond(1_700_000_000L);

  private final BuilderFactory factory;
  private final Path repo;
  private final Path work;
  public final List<String> log = new CopyOnWriteArrayList<>();
  private java.net.URI storage = java.net.URI.create("file:/harness-storage/");

  /** The run's storage that builds are told about (for builders that store images themselves). */
  public BuilderHarness storage(java.net.URI uri) {
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
    List<ConfigKey> keys = new ArrayList<>(CoreKeys.ALL);
    keys.addAll(factory.configKeys());
    Settings merged = new ConfigLoader(keys).load(repo, environment, settings, repo);
    return factory.create(merged, new PluginContext(environment, repo, work, log::add));
  }

  public Recipe recipe(String path) throws Exception {
    return new RecipeDiscovery(repo, java.util.Set.of()).discover().recipes().stream()
        .filter(r -> r.path().toString().equals(path)).findFirst().orElseThrow();
  }

  /** Builds the recipe at this path, in an output folder of its own, stamped with {@link #SOURCE_DATE}. */
  public BuildResult build(Builder builder, String recipePath) throws Exception {
    Recipe recipe = recipe(recipePath);
    Path out = Files.createDirectories(work.resolve("out-" + recipe.tag() + "-" + System.nanoTime()));
    return builder.build(new BuildRequest(recipe, Namespace.parse("myorg/tools"), out, SOURCE_DATE, storage, log::add,
        ProgressListener.NONE));
  }
}
