package dev.skiff.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.skiff.model.Digest;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.ConfigKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every builder owes a run, as tests a builder's module inherits: two builds at once from one
 * builder (a run with {@code jobs} above 1 does that), the same input giving the same bytes, an
 * interrupted build stopping promptly, and no secret setting ever reaching the log or a message.
 * Skiff's own builders and the builder guide's example pass it.
 *
 * <p>Subclass it in your builder's tests (name the subclass {@code ...IT} or {@code ...Test}, not
 * {@code ...ContractTest}, which the build leaves out as the abstract contract) and say how to
 * build with your builder: {@link #factory()}, {@link #writeRecipe(BuilderHarness)}, and where
 * your builder needs them, {@link #settings()}, {@link #environment()}, {@link #secretValue(String)}
 * and {@link #writeSlowRecipe(BuilderHarness)}.
 */
public abstract class BuilderContractTest {
  /** The source repository the recipes are written to. */
  @TempDir
  protected Path repo;

  /** The builds' work folder. */
  @TempDir
  protected Path work;

  /** Runs the builder as a run does; its {@code log} holds every line the builds logged. */
  protected BuilderHarness harness;

  /** The builder under test. */
  protected abstract BuilderFactory factory();

  /**
   * Writes a recipe the builder builds quickly, and whatever it needs, into the source.
   *
   * @param harness writes the source's files
   * @return the recipe's path in the source
   * @throws Exception when writing fails
   */
  protected abstract String writeRecipe(BuilderHarness harness) throws Exception;

  /**
   * The builder's settings, as flags of a run would give them. Default: none.
   *
   * @return the settings, key to value
   * @throws Exception when preparing them fails (writing a program they name, say)
   */
  protected Map<String, String> settings() throws Exception {
    return Map.of();
  }

  /**
   * The environment of the run, without the secret settings, which the contract adds. Default:
   * this process's.
   *
   * @return the variables
   * @throws Exception when preparing them fails (putting a program on its PATH, say)
   */
  protected Map<String, String> environment() throws Exception {
    return System.getenv();
  }

  /**
   * The value a secret setting of the builder has in every build of the contract: one no other
   * text contains. Override it when a service checks it (a stand-in's token).
   *
   * @param key the secret setting's key
   * @return its value
   */
  protected String secretValue(String key) {
    return "contract-secret-" + UUID.randomUUID();
  }

  /**
   * A build that runs until it is interrupted, to check that an interrupt stops it: write its
   * recipe and say how to tell that it runs. Default: none, for builders whose builds end too soon
   * to be interrupted (the interrupt test is then skipped).
   *
   * @param harness writes the source's files
   * @return the slow build, if the builder has one
   * @throws Exception when writing fails
   */
  protected Optional<SlowBuild> writeSlowRecipe(BuilderHarness harness) throws Exception {
    return Optional.empty();
  }

  /**
   * Why two builds of one recipe may differ in their bytes, for a builder whose tool stamps each
   * image (a random id, the time of the build); empty (the default) for a reproducible builder,
   * whose builds of the same input must give the same bytes.
   */
  protected Optional<String> notReproducibleBecause() {
    return Optional.empty();
  }

  /** How long an interrupted build may take to end. Default: 20 seconds, for a busy machine. */
  protected Duration interruptBound() {
    return Duration.ofSeconds(20);
  }

  /**
   * A build that runs until interrupted.
   *
   * @param recipe the recipe's path in the source
   * @param running waits until the build runs
   */
  public record SlowBuild(String recipe, Running running) {
    /** Waits until a build runs: a line in its log, a request a server received. */
    @FunctionalInterface
    public interface Running {
      /**
       * @param within how long to wait at most
       * @throws InterruptedException when the waiting thread is interrupted
       * @throws AssertionError when the build did not start running in time
       */
      void await(Duration within) throws InterruptedException;
    }

    /** A slow build whose log says it runs with a line containing {@code text}. */
    public static SlowBuild logging(BuilderHarness harness, String recipe, String text) {
      return new SlowBuild(recipe, within -> harness.awaitLog(text, within));
    }

    /** A slow build that opens {@code latch} once it runs. */
    public static SlowBuild opening(String recipe, CountDownLatch latch) {
      return new SlowBuild(recipe, within -> {
        if (!latch.await(within.toNanos(), TimeUnit.NANOSECONDS)) {
          throw new AssertionError("the build did not start within " + within);
        }
      });
    }
  }

  private final Map<String, String> secrets = new HashMap<>();

  /** Creates the harness. */
  @BeforeEach
  void harness() {
    harness = new BuilderHarness(factory(), repo, work);
  }

  /** A builder as a run creates it: the settings, the environment, and the secrets in it. */
  private Builder builder() throws Exception {
    Map<String, String> environment = new HashMap<>(environment());
    for (ConfigKey key : factory().configKeys()) {
      if (key.secret()) {
        String value = secrets.computeIfAbsent(key.name(), this::secretValue);
        environment.put(key.environmentVariable(), value);
      }
    }
    return createBuilder(environment);
  }

  /**
   * Creates the builder as a run would. Default: through {@link #factory()} with {@link #settings()}
   * and the environment; override it for a builder whose factory reaches a service the test
   * cannot run, to construct the builder against a stand-in.
   *
   * @param environment the run's environment, with the secret settings in it
   * @return the builder every build of one test uses
   * @throws Exception when the builder cannot be created
   */
  protected Builder createBuilder(Map<String, String> environment) throws Exception {
    return harness.builder(settings(), environment);
  }

  @Test
  void twoBuildsAtOnceFromOneBuilderBothSucceedWithTheSameBytes() throws Exception {
    String recipe = writeRecipe(harness);
    Builder builder = builder();
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<String>> builds = List.of(
        CompletableFuture.supplyAsync(() -> buildAfter(go, builder, recipe)),
        CompletableFuture.supplyAsync(() -> buildAfter(go, builder, recipe)));
    go.countDown();
    String first = builds.get(0).get(5, TimeUnit.MINUTES);
    String second = builds.get(1).get(5, TimeUnit.MINUTES);
    if (notReproducibleBecause().isEmpty()) {
      assertThat(second).as("the digests of two builds at once of one recipe").isEqualTo(first);
    }
  }

  @Test
  void theSameInputGivesTheSameBytes() throws Exception {
    assumeThat(notReproducibleBecause()).as("why the builder is not reproducible").isEmpty();
    String recipe = writeRecipe(harness);
    String first = digest(harness.build(builder(), recipe));
    String second = digest(harness.build(builder(), recipe));
    assertThat(second).as("the digests of two builds of one recipe by two builders").isEqualTo(first);
  }

  @Test
  void anInterruptStopsABuildPromptly() throws Exception {
    Optional<SlowBuild> slow = writeSlowRecipe(harness);
    assumeThat(slow).as("the builder has a build slow enough to interrupt").isPresent();
    Builder builder = builder();
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    Thread build = new Thread(() -> {
      try {
        harness.build(builder, slow.get().recipe());
        ended.complete(null);
      } catch (Throwable e) {
        ended.complete(e);
      }
    }, "contract-slow-build");
    build.start();
    slow.get().running().await(Duration.ofMinutes(2));
    long start = System.nanoTime();
    build.interrupt();
    Throwable outcome = ended.get(interruptBound().toNanos(), TimeUnit.NANOSECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(outcome).as("what the interrupted build threw").isInstanceOf(InterruptedException.class);
    assertThat(took).isLessThanOrEqualTo(interruptBound());
  }

  @Test
  void aSecretSettingNeverReachesTheLogOrAMessage() throws Exception {
    List<String> secretKeys = factory().configKeys().stream().filter(ConfigKey::secret).map(ConfigKey::name).toList();
    assumeThat(secretKeys).as("the builder's secret settings").isNotEmpty();
    String recipe = writeRecipe(harness);
    String message = "";
    try {
      harness.build(builder(), recipe);
    } catch (Exception e) {
      message = String.valueOf(e.getMessage());
    }
    for (String key : secretKeys) {
      String value = secrets.get(key);
      assertThat(harness.log).as("the log").noneSatisfy(line -> assertThat(line).contains(value));
      assertThat(message).as("the failure's message").doesNotContain(value);
    }
  }

  private String buildAfter(CountDownLatch go, Builder builder, String recipe) {
    try {
      go.await();
      return digest(harness.build(builder, recipe));
    } catch (Exception e) {
      throw new IllegalStateException("a build of " + recipe + " failed: " + e.getMessage(), e);
    }
  }

  /** The sha256 of what a build produced: a file here, or what a service stored. */
  private static String digest(BuildResult result) throws Exception {
    return result instanceof BuildResult.StoredImage stored ? stored.digest().hex()
        : Digest.sha256(((BuildResult.LocalImage) result).file()).hex();
  }
}
