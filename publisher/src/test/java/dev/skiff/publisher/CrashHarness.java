package dev.skiff.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.Skiff;
import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.registry.ManifestPage;
import dev.skiff.registry.RegistryInit;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.report.RunReport;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.ListedObject;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StoredBlob;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Kills {@code skiff run} with SIGKILL at random points, again and again, and checks after each
 * kill what no kill may leave behind: an object under a blob's key whose bytes do not have that
 * digest, or a manifest on the registry that points at a missing blob or one of another size.
 * Each run builds new images (a payload of fresh random bytes), so that every run builds, uploads
 * and pushes, and a kill can land in any of them. A last run that is not killed must succeed and
 * publish every tag, and leave no work folder of a dead run behind.
 *
 * <p>A run is a child JVM on this JVM's class path, running the embedding API with the scratch
 * builder; the registry is a repository on a {@link GitServer} on loopback. The kill point is a
 * random time within the length of a whole run, measured from the child's first line.
 */
public final class CrashHarness implements AutoCloseable {
  static final Namespace NAMESPACE = Namespace.parse("lab/crash");
  private static final String STARTED = "started";
  private static final int PAYLOAD_BYTES = 6 << 20;

  /**
   * @param kills runs killed before they ended
   * @param finishedFirst runs that ended before their kill point (not counted as kills)
   * @param wholeRun how long a whole run took, from the child's first line to its end
   * @param landedIn how many kills landed in each step (the step of the run's last event)
   */
  public record Outcome(int kills, int finishedFirst, Duration wholeRun, Map<String, Integer> landedIn) {}

  private final Path source;
  private final Path temporary;
  private final Path logs;
  private final GitServer git;
  private final Repository hosted;
  private final Map<String, String> settings;
  private final Map<String, String> environment;
  private final Random random;
  private int runs;

  /**
   * @param settings the run's storage and its settings (endpoints), as {@code Skiff.set} takes them
   * @param environment the child's environment besides {@code PATH} (the storage's credentials)
   */
  public CrashHarness(Path work, Map<String, String> settings, Map<String, String> environment, long seed)
      throws Exception {
    this.source = Files.createDirectories(work.resolve("source"));
    this.temporary = Files.createDirectories(work.resolve("tmp"));
    this.logs = Files.createDirectories(work.resolve("logs"));
    this.settings = Map.copyOf(settings);
    this.environment = Map.copyOf(environment);
    this.random = new Random(seed);
    Files.writeString(source.resolve("Singularity"), "Bootstrap: scratch\n%files\n  payload.bin /opt/payload.bin\n");
    Files.writeString(source.resolve("Singularity.small"), "Bootstrap: scratch\n%files\n  small.txt /opt/small.txt\n");
    Path registry = work.resolve("registry");
    RegistryInit.init(registry, "main", NAMESPACE.owner());
    git = new GitServer();
    hosted = git.host("lab/registry", registry, work.resolve("hosted.git"));
  }

  /**
   * Kills {@code kills} runs at random points, checking the storage and the registry after each,
   * then lets one run finish.
   */
  public Outcome killRepeatedly(int kills, Storage storage) throws Exception {
    Duration whole = runToTheEnd(storage);
    int killed = 0;
    int finishedFirst = 0;
    Map<String, Integer> landedIn = new TreeMap<>();
    while (killed < kills) {
      newImages();
      long killAfterMillis = 1 + (long) (random.nextDouble() * whole.toMillis());
      Process child = start();
      if (child.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
        assertThat(child.exitValue()).as(log()).isZero();
        finishedFirst++;
      } else {
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        child.waitFor();
        killed++;
        landedIn.merge(lastStep(), 1, Integer::sum);
      }
      checkNothingIsHalfWritten(storage);
    }
    runToTheEnd(storage);
    List<String> unfinished = new ArrayList<>();
    storage.list(object -> {
      if (object.kind() == dev.skiff.spi.ListedObject.Kind.UNFINISHED) {
        unfinished.add(object.name());
      }
    });
    assertThat(unfinished).as("temporary files of killed writers, after a run that was not killed").isEmpty();
    try (Stream<Path> left = Files.list(temporary)) {
      // (A run killed in the microseconds between creating its folder and naming it leaves an empty
      // skiff-new-* folder, removed after ten minutes; no work is ever left in one.)
      assertThat(left.map(Path::getFileName).map(Path::toString)
          .filter(name -> name.startsWith("skiff-run-") || name.startsWith("skiff-gone-")))
          .as("work folders of dead runs, after a run that was not killed").isEmpty();
    }
    return new Outcome(killed, finishedFirst, whole, landedIn);
  }

  /** A run that is not killed: it must succeed and publish every tag. */
  private Duration runToTheEnd(Storage storage) throws Exception {
    newImages();
    Process child = start();
    long start = System.nanoTime();
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("a run ends").isTrue();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(child.exitValue()).as(log()).isZero();
    checkNothingIsHalfWritten(storage);
    assertThat(manifests()).as("the tags on the registry after a whole run").containsOnlyKeys(
        RegistryLayout.manifest(NAMESPACE, dev.skiff.model.Tag.LATEST),
        RegistryLayout.manifest(NAMESPACE, dev.skiff.model.Tag.of("small")));
    return took;
  }

  /** Fresh random bytes in both images, so that the next run builds, uploads and pushes. */
  private void newImages() throws IOException {
    byte[] payload = new byte[PAYLOAD_BYTES];
    random.nextBytes(payload);
    Files.write(source.resolve("payload.bin"), payload);
    Files.writeString(source.resolve("small.txt"), "run " + runs + " " + random.nextLong() + "\n");
  }

  /** Starts a run in a child JVM and returns once it has started (its first line). */
  private Process start() throws IOException {
    runs++;
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + temporary, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        Child.class.getName(), source.toString(), NAMESPACE.toString(), git.url("lab/registry").toString()));
    settings.forEach((key, value) -> command.add(key + "=" + value));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false)
        .redirectError(logs.resolve("run-" + runs + ".log").toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv("PATH"));
    builder.environment().put("GITHUB_TOKEN", GitServer.TOKEN);
    builder.environment().putAll(environment);
    Process child = builder.start();
    // The child's first line says the JVM is up; the kill point is measured from there.
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    if (!STARTED.equals(first)) {
      throw new IllegalStateException("the run did not start: " + first + "\n" + log());
    }
    return child;
  }

  /** The step of the last event the run logged: where the kill landed. */
  private String lastStep() throws IOException {
    Matcher step = Pattern.compile("step=([A-Z]+)").matcher(Files.readString(logs.resolve("run-" + runs + ".log")));
    String last = "start-up";
    while (step.find()) {
      last = step.group(1).toLowerCase(java.util.Locale.ROOT);
    }
    return last;
  }

  private String log() {
    try {
      return "run " + runs + ":\n" + Files.readString(logs.resolve("run-" + runs + ".log"));
    } catch (IOException e) {
      return "run " + runs + ": no log: " + e;
    }
  }

  /**
   * Every object under a blob's key has that digest and its listed size, and every manifest on
   * every branch of the registry points at a blob that is stored, with the recorded size.
   */
  private void checkNothingIsHalfWritten(Storage storage) throws Exception {
    List<ListedObject> objects = new ArrayList<>();
    storage.list(objects::add);
    for (ListedObject object : objects) {
      if (object.kind() != ListedObject.Kind.BLOB) {
        continue;
      }
      BlobKey key = object.blob().orElseThrow();
      MessageDigest sha256 = Digest.newSha256();
      long size = 0;
      try (InputStream in = storage.read(key, 0)) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
          sha256.update(buffer, 0, n);
          size += n;
        }
      }
      assertThat(Digest.of(sha256.digest())).as("the bytes under " + object.where() + ", after run " + runs)
          .isEqualTo(key.digest());
      assertThat(size).as(object.where()).isEqualTo(object.size());
    }
    for (Map.Entry<String, ManifestPage.Fields> manifest : manifests().entrySet()) {
      Optional<StoredBlob> blob = storage.stat(new BlobKey(NAMESPACE, manifest.getValue().digest()));
      assertThat(blob).as(manifest.getKey() + " points at a stored blob, after run " + runs).isPresent();
      assertThat(blob.get().size()).as(manifest.getKey()).isEqualTo(manifest.getValue().size());
    }
  }

  /** The manifest pages of the namespace's branch on the registry, by path. */
  private Map<String, ManifestPage.Fields> manifests() throws Exception {
    Map<String, ManifestPage.Fields> pages = new LinkedHashMap<>();
    Ref branch = hosted.exactRef(Constants.R_HEADS + RegistryLayout.branch(RegistryLayout.DEFAULT_BRANCH_PREFIX,
        NAMESPACE));
    if (branch == null) {
      return pages;
    }
    try (RevWalk walk = new RevWalk(hosted); TreeWalk tree = new TreeWalk(hosted)) {
      tree.addTree(walk.parseCommit(branch.getObjectId()).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        String path = tree.getPathString();
        if (RegistryLayout.parse(path).filter(p -> p.kind() == RegistryLayout.PageKind.MANIFEST).isPresent()) {
          String page = new String(hosted.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
          pages.put(path, ManifestPage.read(page));
        }
      }
    }
    return pages;
  }

  @Override
  public void close() throws Exception {
    try (GitServer server = git; Repository repository = hosted) {
      // both closed
    }
  }

  /** One {@code skiff run} through the embedding API: SOURCE NAMESPACE REGISTRY [KEY=VALUE...]. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws Exception {
      System.out.println(STARTED);
      System.out.flush();
      Skiff skiff = Skiff.source(Path.of(args[0])).namespace(args[1]).registry(args[2]).builder("scratch")
          .environment(System.getenv());
      for (int i = 3; i < args.length; i++) {
        int equals = args[i].indexOf('=');
        skiff.set(args[i].substring(0, equals), args[i].substring(equals + 1));
      }
      skiff.listener(event -> System.err.println(event));
      RunReport report = skiff.plan().run();
      System.exit(report.succeeded() ? 0 : 1);
    }
  }
}
