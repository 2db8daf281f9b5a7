package dev.skiff.testing;

import dev.skiff.model.Namespace;
import dev.skiff.model.Recipe;
import dev.skiff.model.RecipeParser;
import dev.skiff.spi.BuildRequest;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.PluginContext;
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
  /** The source date every build is stamped with. */
  public static final Instant SOURCE_DATE = Instant.ofEpochSecond(1_700_000_000L);

  private final BuilderFactory factory;
  private final Path repo;
  private final Path work;
  public final List<String> log = new CopyOnWriteArrayList<>();
  private final Object logged = new Object();
  private long progressed;
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
    return factory.create(config, new PluginContext(environment, repo, work, this::logLine));
  }

  public Recipe recipe(String path) throws Exception {
    return RecipeParser.read(repo, Path.of(path));
  }

  /** Builds the recipe at this path, in an output folder of its own, stamped with {@link #SOURCE_DATE}. */
  public BuildResult build(Builder builder, String recipePath) throws Exception {
    Recipe recipe = recipe(recipePath);
    // A folder of its own even for two builds of one recipe at once.
    Path out = Files.createTempDirectory(work, "out-" + recipe.tag() + "-");
    return builder.build(new BuildRequest(recipe, Namespace.parse("myorg/tools"), out, SOURCE_DATE, storage, this::logLine,
        this::progressed));
  }

  private void progressed(long done, long total) {
    synchronized (logged) {
      progressed = Math.max(progressed, done);
      logged.notifyAll();
    }
  }

  /**
   * Waits until a build reported progress: for a test that acts while a builder transfers data,
   * such as interrupting a download.
   *
   * @param within how long to wait at most
   * @throws InterruptedException when the waiting thread is interrupted
   * @throws AssertionError when no progress came within {@code within}
   */
  public void awaitProgress(java.time.Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    synchronized (logged) {
      while (progressed == 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no progress within " + within);
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(logged, left);
      }
    }
  }

  private void logLine(String line) {
    synchronized (logged) {
      log.add(line);
      logged.notifyAll();
    }
  }

  /**
   * Waits until a log line contains {@code text}: for a test that acts at a point of a build, such
   * as interrupting it once it runs, whatever the scheduler does meanwhile.
   *
   * @throws AssertionError when no such line came within {@code within}
   */
  public void awaitLog(String text, java.time.Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    synchronized (logged) {
      while (log.stream().noneMatch(line -> line.contains(text))) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no log line with '" + text + "' within " + within + ": " + log);
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(logged, left);
      }
    }
  }
}
