package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.model.Digest;
import dev.skiff.registry.RegistryInit;
import dev.skiff.signing.testing.SylabsSif;
import dev.skiff.signing.testing.TestKeys;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it: unpacked into an empty folder, with no source checkout
 * around it, its launcher runs --version, discover and a whole run of the bundled example; it
 * refuses a Java that is too old or missing with one line; its checksum and its zip twin agree.
 * Runs in mvn verify after package, which makes the archive.
 */
class ReleaseArchiveIT {
  static final Path ARCHIVE = Path.of(System.getProperty("skiff.archive", "target/skiff.tar.gz"));

  @TempDir
  static Path unpacked;

  static Path skiff;

  @TempDir
  Path work;

  @BeforeAll
  static void unpack() throws Exception {
    assertThat(ARCHIVE).as("the archive ./mvnw package makes").isRegularFile();
    Process tar = new ProcessBuilder("tar", "xzf", ARCHIVE.toString(), "-C", unpacked.toString()).inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    try (Stream<Path> top = Files.list(unpacked)) {
      skiff = top.findFirst().orElseThrow().resolve("bin/skiff");
    }
  }

  /** The unpacked archive's lib/. */
  static Path lib() {
    return skiff.getParent().getParent().resolve("lib");
  }

  record Result(int exitCode, String out, String err) {}

  Result run(Map<String, String> extraEnv, String... args) throws Exception {
    return start("", extraEnv, args).await();
  }

  /** A launcher process under way, its output going to files of its own name. */
  record Started(Process process, Path out, Path err) {
    Result await() throws Exception {
      assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
  }

  /** Starts bin/skiff in a bare environment (HOME is the test's folder) with {@code extraEnv} added. */
  Started start(String name, Map<String, String> extraEnv, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(skiff.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv("PATH"));
    builder.environment().put("HOME", work.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(extraEnv);
    builder.environment().values().removeIf(String::isEmpty);
    Path out = work.resolve("out" + name + ".txt");
    Path err = work.resolve("err" + name + ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new Started(process, out, err);
  }

  @Test
  void itsLoggingJarsAreOfOneVersion() throws Exception {
    // A bridge of another line than the API it feeds (jcl-over-slf4j 1.7 beside slf4j-api 2.0, as
    // a library's dependencies once brought) is a mismatch waiting for a call that changed.
    Pattern slf4j = Pattern.compile("(slf4j-api|slf4j-nop|jcl-over-slf4j|jul-to-slf4j|log4j-over-slf4j)-(.+)\\.jar");
    List<String> found;
    try (Stream<Path> jars = Files.list(lib())) {
      found = jars.map(jar -> jar.getFileName().toString()).filter(name -> slf4j.matcher(name).matches()).sorted()
          .toList();
    }
    assertThat(found).anyMatch(name -> name.startsWith("slf4j-api-"));
    assertThat(found.stream().map(name -> slf4j.matcher(name).replaceFirst("$2")).distinct()).as("the versions of %s",
        found).hasSize(1);
  }

  /**
   * The archive's storage clients are trimmed to what Skiff loads (Cloud Storage's gRPC transport
   * is left out): a whole gs:// run from the unpacked archive, against the emulator, proves the
   * HTTP path has all it needs.
   */
  @Test
  void storesInCloudStorageFromTheArchive() throws Exception {
    Path source = Files.createDirectories(work.resolve("tools"));
    Files.writeString(source.resolve("Singularity"), "Bootstrap: scratch\n%files\n  tool.sh /bin/tool\n");
    Files.writeString(source.resolve("tool.sh"), "#!/bin/sh\necho tool\n");
    String endpoint = dev.skiff.storage.gcs.GcsEmulator.shared().endpoint().toString();
    Result run = run(Map.of("SKIFF_STORAGE_GCS_ENDPOINT", endpoint), "run", source.toString(), "--builder", "scratch",
        "--namespace", "lab/tools", "--storage", "gs://skiff-test/archive-" + java.util.UUID.randomUUID());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out() + run.err()).contains("lab/tools: 1 built (1 uploaded), 0 skipped, 0 failed");
  }

  /** The budget the archive may not grow past (30 MiB): 28.7 MiB at the time of writing. */
  static final long BUDGET = 30L << 20;

  /**
   * Every jar in lib/ is one the allow-list names with what loads it, and every jar it names is
   * there: a dependency that brings a jar Skiff never loads shows here, not in users' downloads.
   */
  @Test
  void holdsOnlyTheJarsItsListNames() throws Exception {
    Set<String> allowed;
    try (InputStream list = ReleaseArchiveIT.class.getResourceAsStream("release-jars.txt")) {
      allowed = new String(list.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> present;
    try (Stream<Path> jars = Files.list(lib())) {
      present = jars.map(jar -> artifact(jar.getFileName().toString())).collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(present).as("jars in lib/ that release-jars.txt does not name (run bench/jars-loaded; then exclude"
        + " them, or name them there with what loads them)").isSubsetOf(allowed);
    assertThat(allowed).as("jars release-jars.txt names that lib/ no longer holds (take them off the list)")
        .isSubsetOf(present);
  }

  /**
   * Every jar of lib/ is unsigned and stores its entries uncompressed (ReleaseJars): the JVM neither
   * checks a signature nor inflates a class, and the archive compresses all of lib/ as one.
   */
  @Test
  void itsJarsAreStoredAndUnsigned() throws Exception {
    List<String> signed = new ArrayList<>();
    List<String> compressed = new ArrayList<>();
    try (Stream<Path> jars = Files.list(lib())) {
      for (Path jar : jars.toList()) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
          for (java.util.zip.ZipEntry entry : zip.stream().toList()) {
            if (entry.getName().matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")) {
              signed.add(jar.getFileName() + "!" + entry.getName());
            }
            if (entry.getMethod() != java.util.zip.ZipEntry.STORED) {
              compressed.add(jar.getFileName() + "!" + entry.getName());
            }
          }
        }
      }
    }
    assertThat(signed).as("signature files").isEmpty();
    assertThat(compressed).as("compressed entries").isEmpty();
  }

  /** BouncyCastle from its unsigned, stored copy signs as Apptainer verifies (the sylabs/sif library judges). */
  @Test
  void signsFromTheArchive() throws Exception {
    TestKeys.Key key = TestKeys.get().protectedKey();
    Path source = Files.createDirectories(work.resolve("tools"));
    Files.writeString(source.resolve("Singularity"), "Bootstrap: scratch\n%files\n  tool.sh /bin/tool\n");
    Files.writeString(source.resolve("tool.sh"), "#!/bin/sh\necho tool\n");
    Path storage = work.resolve("storage");
    Result run = run(Map.of("SKIFF_SIGNING_KEY", key.secretKey(), "SKIFF_SIGNING_PASSPHRASE", TestKeys.PASSPHRASE),
        "run", source.toString(), "--builder", "scratch", "--namespace", "lab/tools", "--storage",
        storage.toUri().toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out() + run.err()).contains("signed by " + key.fingerprint());
    List<Path> images;
    try (Stream<Path> files = Files.walk(storage)) {
      images = files.filter(file -> file.toString().endsWith(".sif")).toList();
    }
    assertThat(images).hasSize(1);
    SylabsSif.Result verified = SylabsSif.verify(key.writePublic(work, "key.asc"), images.get(0));
    assertThat(verified.verified()).as(verified.output()).isTrue();
  }

  /** A signed jar's manifest lists a digest per class for its signature; without the signature, they are dead weight. */
  @Test
  void bouncyCastlesManifestKeepsItsMainSectionOnly() throws Exception {
    Path bcprov;
    try (Stream<Path> jars = Files.list(lib())) {
      bcprov = jars.filter(jar -> artifact(jar.getFileName().toString()).equals("bcprov-jdk18on")).findFirst()
          .orElseThrow();
    }
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(bcprov.toFile())) {
      java.util.jar.Manifest manifest = jar.getManifest();
      assertThat(manifest.getEntries()).isEmpty();
      assertThat(manifest.getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
    }
  }

  /** A jar's artifact: its name without the version ({@code guava-33.5.0-jre.jar} is {@code guava}). */
  static String artifact(String jar) {
    return jar.replaceFirst("-(\\d|v\\d+-rev\\d).*\\.jar$", "").replaceFirst("\\.jar$", "");
  }

  @Test
  void keepsToItsBudget() throws Exception {
    assertThat(Files.size(ARCHIVE)).as("bytes of " + ARCHIVE.getFileName()).isLessThanOrEqualTo(BUDGET);
  }

  @Test
  void runsOnItsOwnFromAnyFolder() throws Exception {
    Result version = run(Map.of(), "--version");
    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out()).matches("(?s)skiff \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\((commit [0-9a-f]{7,}.*|an unknown commit)\\)\\n"
        + "Java 17.*");

    Path source = SkiffCliIT.copyOfTheExample(work.resolve("hello"));
    Result discover = run(Map.of(), "discover", source.toString());
    assertThat(discover.exitCode()).as(discover.err()).isZero();
    assertThat(discover.out()).contains("latest", "pancakes");

    Path registry = work.resolve("registry");
    RegistryInit.init(registry, "main", "lab");
    Result whole = run(Map.of(), "run", source.toString(), "--builder", "scratch", "--namespace", "lab/hello",
        "--storage", work.resolve("storage").toUri().toString(), "--registry", registry.toString());
    assertThat(whole.exitCode()).as(whole.err()).isZero();
    assertThat(whole.out()).contains("lab/hello: 2 built (2 uploaded), 0 skipped, 0 failed");
  }

  @Test
  void theHelpPointsToGuidesThatAreInTheArchive() throws Exception {
    Result help = run(Map.of(), "--help");
    assertThat(help.exitCode()).as(help.err()).isZero();
    // On a line of its own, so that a path of the usual length is not wrapped.
    String named = help.out().replaceAll("(?s).*The user guide, and the other guides beside it:\\s*\\n  (\\S+)\\n.*", "$1");
    assertThat(Path.of(named)).as("the guide --help names").isAbsolute().isRegularFile()
        .startsWith(skiff.getParent().getParent());
    assertThat(named).endsWith("/docs/user-guide.md");
    for (String guide : List.of("storage-guide.md", "registry-guide.md", "builder-guide.md", "pulling.md",
        "ci/README.md")) {
      assertThat(Path.of(named).resolveSibling(guide)).as(guide).isRegularFile();
    }
  }

  @Test
  void refusesAJavaThatIsTooOldOrMissingInOneLine() throws Exception {
    Path old = Files.createDirectories(work.resolve("old-jdk/bin"));
    Files.writeString(work.resolve("old-jdk/release"), "JAVA_VERSION=\"11.0.2\"\n");
    Path fakeJava = Files.writeString(old.resolve("java"), "#!/bin/sh\necho 'ran the old java' >&2\nexit 3\n");
    Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
    Result tooOld = run(Map.of("JAVA_HOME", work.resolve("old-jdk").toString()), "--help");
    assertThat(tooOld.exitCode()).isEqualTo(1);
    assertThat(tooOld.err()).isEqualTo("skiff: needs Java 17 or newer, but " + fakeJava + " is Java 11.0.2; install a"
        + " Java 17 or newer runtime (Debian and Ubuntu: apt-get install openjdk-17-jre-headless), or set JAVA_HOME to"
        + " one\n");

    // A PATH with the tools the launcher uses, and no java.
    Path tools = Files.createDirectories(work.resolve("tools-without-java"));
    for (String tool : List.of("dirname", "ls", "sed", "readlink", "cat", "cksum", "cut", "mkdir")) {
      Path found = Stream.of(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, tool)).filter(Files::isExecutable)
          .findFirst().orElseThrow();
      Files.createSymbolicLink(tools.resolve(tool), found.toRealPath());
    }
    Map<String, String> noJava = new HashMap<>();
    noJava.put("JAVA_HOME", "");
    noJava.put("PATH", tools.toString());
    Result missing = run(noJava, "--help");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).startsWith("skiff: no Java on PATH and no JAVA_HOME; install a Java 17 or newer runtime");
  }

  @Test
  void itsChecksumAndItsZipTwinAgree() throws Exception {
    String recorded = Files.readString(Path.of(ARCHIVE + ".sha256"), StandardCharsets.US_ASCII);
    assertThat(recorded).isEqualTo(Digest.sha256(ARCHIVE).hex() + "  " + ARCHIVE.getFileName() + "\n");
    Path zip = Path.of(ARCHIVE.toString().replaceAll("\\.tar\\.gz$", ".zip"));
    assertThat(Files.readString(Path.of(zip + ".sha256"))).startsWith(Digest.sha256(zip).hex() + "  ");
    List<String> names = new ArrayList<>();
    try (ZipFile archive = ZipFile.builder().setPath(zip).get()) {
      for (ZipArchiveEntry entry : (Iterable<ZipArchiveEntry>) () -> archive.getEntries().asIterator()) {
        names.add(entry.getName());
        if (entry.getName().endsWith("bin/skiff")) {
          assertThat(entry.getUnixMode() & 0111).as("bin/skiff is executable").isNotZero();
        }
      }
    }
    try (Stream<Path> files = Files.walk(unpacked)) {
      List<String> unpackedNames = files.filter(Files::isRegularFile)
          .map(f -> unpacked.relativize(f).toString()).toList();
      assertThat(names).containsAll(unpackedNames);
    }
  }

  /**
   * On every Java 17 or newer installed beside the one running the tests (Java 24 and newer warn on
   * standard error when a library reaches for sun.misc.Unsafe, as Guice does unless told not to),
   * a quiet whole run and a deep verify, each with the compiler settings the launcher picks for it,
   * write nothing to standard error.
   */
  @Test
  void runsAndVerifiesWithoutAWordOnStandardErrorOnEveryJavaInstalled() throws Exception {
    List<Path> javas = installedJavas();
    assertThat(javas).as("the Java running the tests").isNotEmpty();
    for (Path javaHome : javas) {
      Path registry = work.resolve("registry-" + javaHome.getFileName());
      RegistryInit.init(registry, "main", "skiff-examples");
      Map<String, String> env = Map.of("JAVA_HOME", javaHome.toString());
      Result run = run(env, "run", "-q", SkiffCliIT.EXAMPLE.toAbsolutePath().normalize().toString(),
          "--storage", "file:" + work.resolve("storage"), "--registry", registry.toString(),
          "--report", work.resolve("report.json").toString());
      assertThat(run.exitCode()).as(javaHome + ": " + run.err()).isZero();
      assertThat(run.err()).as(javaHome.toString()).isEmpty();
      // Its images are file: URLs, which a registry's default rules refuse: the verdict is a failure,
      // and the compiler flags that a deep check picks must not add a word to standard error.
      Result verify = run(env, "verify", registry.toString(), "--base", "main", "--head", "update/skiff-examples/hello",
          "--deep");
      assertThat(verify.out()).as(javaHome.toString()).contains("skiff verify: branch update/skiff-examples/hello");
      assertThat(verify.err()).as(javaHome.toString()).isEmpty();
    }
  }

  /**
   * Class-data sharing (the launcher's SKIFF_CDS): a command's first successful run leaves an
   * archive of its classes in the user's cache, and the runs after it load them from there.
   */
  @Nested
  class ClassDataSharing {
    Path cache() {
      return work.resolve(".cache/skiff/cds");
    }

    /** The names in the cache folder, sorted, with the archives' keys replaced by KEY. */
    List<String> cached() throws Exception {
      if (!Files.isDirectory(cache())) {
        return List.of();
      }
      try (Stream<Path> files = Files.list(cache())) {
        return files.map(file -> file.getFileName().toString().replaceAll("\\d{3,}", "KEY")).sorted().toList();
      }
    }

    @Test
    void theSecondRunLoadsTheClassesTheFirstArchived() throws Exception {
      Path example = SkiffCliIT.EXAMPLE.toAbsolutePath().normalize();
      Result first = run(Map.of(), "discover", example.toString());
      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(first.err()).isEmpty();
      assertThat(cached()).containsExactly("KEY.works", "discover-KEY.jsa");

      Path log = work.resolve("classes.log");
      Result second = run(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log), "discover",
          example.toString());
      assertThat(second.exitCode()).as(second.err()).isZero();
      assertThat(second.out()).isEqualTo(first.out());
      assertThat(Files.readString(log)).contains("dev.skiff.cli.DiscoverCommand source: shared objects file (top)");
    }

    @Test
    void aFailedRunOrAHelpLeavesNoArchive() throws Exception {
      Result failed = run(Map.of(), "discover", work.resolve("no-such-folder").toString());
      assertThat(failed.exitCode()).isNotZero();
      Result help = run(Map.of(), "discover", "--help");
      assertThat(help.exitCode()).as(help.err()).isZero();
      assertThat(cached()).containsExactly("KEY.works");
    }

    @Test
    void ciIsLeftAloneUnlessSkiffCdsSaysOn() throws Exception {
      assertThat(run(Map.of("CI", "true"), "config").exitCode()).isZero();
      assertThat(run(Map.of("SKIFF_CDS", "off"), "config").exitCode()).isZero();
      assertThat(cached()).isEmpty();
      assertThat(run(Map.of("CI", "true", "SKIFF_CDS", "on"), "config").exitCode()).isZero();
      assertThat(cached()).containsExactly("KEY.works", "config-KEY.jsa");
    }

    @Test
    void refusesAValueItDoesNotKnowInOneLine() throws Exception {
      Result refused = run(Map.of("SKIFF_CDS", "sometimes"), "config");
      assertThat(refused.exitCode()).isEqualTo(2);
      assertThat(refused.err()).isEqualTo("skiff: SKIFF_CDS is 'sometimes', but it takes on, off or auto\n");
    }

    /** Runs side by side each write an archive of their own; one ends up in place, whole, and nothing else. */
    @Test
    void runsSideBySideLeaveOneWholeArchive() throws Exception {
      List<Started> started = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        started.add(start("-" + i, Map.of(), "config"));
      }
      List<String> outputs = new ArrayList<>();
      for (Started each : started) {
        Result result = each.await();
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).isEmpty();
        outputs.add(result.out());
      }
      assertThat(outputs).containsOnly(outputs.get(0));
      assertThat(cached()).containsExactly("KEY.works", "config-KEY.jsa");
      Result after = run(Map.of(), "config");
      assertThat(after.exitCode()).as(after.err()).isZero();
      assertThat(after.out()).isEqualTo(outputs.get(0));
    }

    /** A JVM that cannot write an archive (Java 17 then refuses to start at all) runs the command without. */
    @Test
    void aJavaThatCannotArchiveRunsTheCommandAnyway() throws Exception {
      Result run = run(Map.of("JAVA_TOOL_OPTIONS", "-Xshare:off"), "discover",
          SkiffCliIT.EXAMPLE.toAbsolutePath().normalize().toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("latest", "pancakes");
      // Java 17 marks the Java as one that fails; a newer one starts, and writes no archive.
      assertThat(cached()).hasSize(1).isSubsetOf("KEY.fails", "KEY.works");
    }
  }

  /** The Java running the tests, and the Java 17 or newer installations in the folder that holds it. */
  private static List<Path> installedJavas() throws Exception {
    Set<Path> found = new TreeSet<>();
    Path running = Path.of(System.getProperty("java.home")).toRealPath();
    found.add(running);
    try (Stream<Path> siblings = Files.list(running.getParent())) {
      for (Path home : siblings.toList()) {
        Path release = home.resolve("release");
        if (Files.isExecutable(home.resolve("bin/java")) && Files.isRegularFile(release)) {
          Matcher version = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
          if (version.find() && Integer.parseInt(version.group(1)) >= 17) {
            found.add(home.toRealPath());
          }
        }
      }
    }
    return List.copyOf(found);
  }
}
