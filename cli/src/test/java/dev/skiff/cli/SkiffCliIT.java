package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.model.Digest;
import dev.skiff.registry.FrontMatter;
import dev.skiff.testing.Tools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The skiff command end to end: the bundled example, and each kind of bad input. */
class SkiffCliIT {
  static final Path EXAMPLE = Path.of("..", "examples", "hello");
  static final String BRANCH = "refs/heads/update/lab/hello";

  @TempDir
  Path work;

  Path source;
  Path storage;
  Path registry;

  /** What one invocation printed and returned. */
  record Result(int exitCode, String out, String err) {
    List<String> errorLines() {
      return err.lines().filter(l -> l.startsWith("error")).toList();
    }
  }

  static Result skiff(String... args) {
    return skiff(System.getenv(), args);
  }

  /** One invocation with this environment (CI variables, credentials, PATH). */
  static Result skiff(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(environment, new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** The bundled example, without its skiff.yml, so that each test says its own settings. */
  static Path copyOfTheExample(Path source) throws IOException {
    try (Stream<Path> files = Files.walk(EXAMPLE)) {
      for (Path file : files.toList()) {
        Path target = source.resolve(EXAMPLE.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!file.getFileName().toString().equals("skiff.yml")) {
          Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return source;
  }

  /** A git repository with one file committed: a source repository, say, which is no registry. */
  static Path committedRepository(Path folder, String file, String content) throws Exception {
    try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(folder.toFile())
        .setInitialBranch("main").call()) {
      Files.writeString(folder.resolve(file), content);
      git.add().addFilepattern(file).call();
      org.eclipse.jgit.lib.PersonIdent who = new org.eclipse.jgit.lib.PersonIdent("Test", "test@example.org");
      git.commit().setMessage("a source").setAuthor(who).setCommitter(who).setSign(false).call();
    }
    return folder;
  }

  @BeforeEach
  void copyTheExample() throws Exception {
    source = copyOfTheExample(work.resolve("hello"));
    storage = work.resolve("storage");
    registry = work.resolve("registry");
    assertThat(skiff("registry", "init", registry.toString()).exitCode()).isZero();
  }

  Result run(Path dir, String... extra) {
    return run(dir, "scratch", storage.toUri().toString(), registry, extra);
  }

  static Result run(Path dir, String builder, String storageUri, Path registryDir, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", dir.toString(), "--builder", builder, "--namespace",
        "lab/hello", "--storage", storageUri, "--registry", registryDir.toString()));
    args.addAll(List.of(extra));
    return skiff(args.toArray(String[]::new));
  }

  String fileOnBranch(String path) throws Exception {
    try (Repository repo = Git.open(registry.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
      var commit = walk.parseCommit(repo.resolve(BRANCH));
      try (TreeWalk tree = TreeWalk.forPath(repo, path, commit.getTree())) {
        return new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  List<Path> storedFiles() throws IOException {
    if (!Files.exists(storage)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(storage)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  boolean branchExists() throws IOException {
    try (Repository repo = Git.open(registry.toFile()).getRepository()) {
      return repo.resolve(BRANCH) != null;
    }
  }

  @Test
  void helpAndVersion() {
    Result help = skiff("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: skiff", "run", "discover", "registry", "Exit codes: 0 success");
    assertThat(skiff("run", "--help").out()).contains("--storage=URI", "--registry=PATH", "--builder=NAME",
        "--namespace=OWNER/NAME", "--report=FILE", "--verbose", "--quiet");
    assertThat(skiff("registry", "init", "--help").out()).contains("--default-branch");
    assertThat(skiff("--version").out()).startsWith("skiff 0.1.0");
  }

  @Test
  void theCommandListGivesEachCommandOneWholeSentence() {
    CommandLine top = SkiffCommand.commandLine(Map.of());
    for (Map.Entry<String, CommandLine> command : top.getSubcommands().entrySet()) {
      if (command.getKey().equals("help")) {
        continue; // picocli's own
      }
      String[] header = command.getValue().getCommandSpec().usageMessage().header();
      assertThat(header).as(command.getKey()).hasSize(1);
      assertThat(header[0]).as(command.getKey()).matches("[A-Z][^.]*[a-z0-9')]\\.");
      assertThat(skiff("--help").out()).as(command.getKey()).contains(header[0].substring(0, 20));
    }
  }

  @Test
  void theTopLevelHelpListsTheCommandsAsTheWholeCommandLineDoes() {
    // skiff --help lists the commands by their annotations alone, without building them.
    java.io.StringWriter whole = new java.io.StringWriter();
    SkiffCommand.commandLine(Map.of()).usage(new java.io.PrintWriter(whole));
    for (String[] args : new String[][] {{"--help"}, {"help"}, {}}) {
      java.io.StringWriter listed = new java.io.StringWriter();
      SkiffCommand.commandLine(Map.of(), args).usage(new java.io.PrintWriter(listed));
      assertThat(listed.toString()).as(String.join(" ", args)).isEqualTo(whole.toString());
    }
    assertThat(skiff("help", "run").out()).contains("--storage=URI");
  }

  @Test
  void usageErrorsExitWithTwo() throws IOException {
    Result unknown = skiff("run", "--frobnicate");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("skiff run: error: unknown option: '--frobnicate'\nTry 'skiff run --help'.\n");
    assertThat(skiff().exitCode()).isEqualTo(2);
    assertThat(skiff("registry").exitCode()).isEqualTo(2);
    Result unknownCommand = skiff("nosuch", "--help");
    assertThat(unknownCommand.exitCode()).isEqualTo(2);
    assertThat(unknownCommand.err()).startsWith("skiff: error: unknown command 'nosuch'; commands: run, plan, publish,"
        + " discover, verify, site, pull,").endsWith("\nTry 'skiff --help'.\n");
    assertThat(skiff("registry", "nosuch", "--help").err()).startsWith("skiff registry: error: unknown command 'nosuch';"
        + " commands: init");
    Result badNamespace = skiff("run", source.toString(), "--builder", "scratch", "--storage",
        storage.toUri().toString(), "--namespace", "bad");
    assertThat(badNamespace.exitCode()).isEqualTo(2);
    assertThat(badNamespace.err()).startsWith("skiff run: error: --namespace: invalid namespace 'bad': expected OWNER/NAME");
    Result reserved = skiff("run", source.toString(), "--builder", "scratch", "--storage", storage.toUri().toString(),
        "--namespace", "api/container");
    assertThat(reserved.exitCode()).isEqualTo(2);
    assertThat(reserved.err()).startsWith("skiff run: error: --namespace: invalid namespace owner 'api': the"
        + " registry's site serves its own files under /api/ (reserved: api, v2)");
    Result fromCi = skiff(Map.of("PATH", System.getenv("PATH"), "GITHUB_ACTIONS", "true", "GITHUB_REPOSITORY",
        "v2/lab"), "run", source.toString(), "--builder", "scratch", "--storage", storage.toUri().toString(),
        "--registry", registry.toString());
    assertThat(fromCi.exitCode()).isNotZero();
    assertThat(fromCi.err()).contains("invalid namespace owner 'v2'");
    assertThat(storedFiles()).isEmpty();
    // One line and where to read more, for every command: never the whole help after it.
    Result missing = skiff("verify", "--concurrency", "0", "--repo", source.toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err().lines()).hasSize(2).last().isEqualTo("Try 'skiff verify --help'.");
    assertThat(missing.err()).startsWith("skiff verify: error: ").doesNotContain("Usage:");
    Result noValue = skiff("pull", "--cache");
    assertThat(noValue.err().lines()).hasSize(2).first().asString().startsWith("skiff pull: error: ");
  }

  @Test
  void verboseMayComeBeforeTheCommandAndQuietOnlyWhereItActs() {
    Result verbose = skiff("-v", "discover", source.toString());
    assertThat(verbose.exitCode()).as(verbose.err()).isZero();
    assertThat(skiff("discover", "--help").out()).contains("--verbose").doesNotContain("--quiet");
    assertThat(skiff("discover", "-q", source.toString()).exitCode()).isEqualTo(2);
  }

  @Test
  void aRegistryThatCannotBeReachedSaysWhyInItsOneLine() {
    Result result = skiff("run", source.toString(), "--builder", "scratch", "--namespace", "lab/hello", "--storage",
        storage.toUri().toString(), "--registry", "https://registry.invalid/lab/registry.git");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLines()).singleElement().asString().startsWith("error: registry "
        + "https://registry.invalid/lab/registry.git: ").endsWith("(the host registry.invalid does not resolve)");
  }

  @Test
  void runBuildsStoresAndPublishesTheExampleThenDoesNothingTheSecondTime() throws Exception {
    Path report = work.resolve("report.json");
    Result first = run(source, "--report", report.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("lab/hello: 2 built (2 uploaded), 0 skipped, 0 failed")
        .contains("Registry: committed to branch update/lab/hello of " + registry);

    List<Path> stored = storedFiles();
    assertThat(stored).hasSize(2);
    for (Path file : stored) {
      assertThat(Digest.sha256(file).hex() + ".sif").isEqualTo(file.getFileName().toString());
      assertThat(Tools.ok(work, "siftool", "list", file.toString())).contains("FS (Squashfs/*System/");
    }
    for (String tag : List.of("latest", "pancakes")) {
      JsonNode manifest = FrontMatter.parse(fileOnBranch("lab/hello/manifests/" + tag + "/README.md")).orElseThrow();
      Path blob = storage.resolve("lab/hello/" + Digest.parse(manifest.path("digest").asText()).hex() + ".sif");
      assertThat(blob).exists();
      assertThat(manifest.path("size").asLong()).isEqualTo(Files.size(blob));
      assertThat(manifest.path("layers").get(0).path("url").asText()).isEqualTo(blob.toUri().toString());
    }
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.path("succeeded").asBoolean()).isTrue();

    String tip;
    try (Repository repo = Git.open(registry.toFile()).getRepository()) {
      tip = repo.resolve(BRANCH).name();
    }
    Result second = run(source);
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("0 built (0 uploaded), 2 skipped").contains("2 unchanged, not built")
        .contains("Registry: unchanged");
    try (Repository repo = Git.open(registry.toFile()).getRepository()) {
      assertThat(repo.resolve(BRANCH).name()).isEqualTo(tip);
    }
    assertThat(run(source, "--rebuild-tag", "pancakes").out()).contains("1 built (0 uploaded), 1 skipped");
    assertThat(run(source, "--rebuild").out()).contains("2 built (0 uploaded), 0 skipped");
  }

  @Test
  void ciGetsJUnitXmlOneCasePerTagAndAGitHubJobSummary() throws Exception {
    Files.writeString(source.resolve("Singularity.broken"), "Bootstrap: scratch\n%files\n  nothing-here /x\n");
    Path junit = work.resolve("reports/skiff.xml");
    Path summary = Files.createFile(work.resolve("summary.md"));
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_STEP_SUMMARY", summary.toString());
    List<String> args = new ArrayList<>(List.of("run", source.toString(), "--builder", "scratch", "--namespace",
        "lab/hello", "--storage", storage.toUri().toString(), "--registry", registry.toString(), "--junit",
        junit.toString()));
    Result result = skiff(env, args.toArray(String[]::new));
    assertThat(result.exitCode()).isEqualTo(1);

    var document = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    var suite = document.getDocumentElement();
    assertThat(suite.getAttribute("tests")).isEqualTo("3");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    var cases = document.getElementsByTagName("testcase");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < cases.getLength(); i++) {
      var each = (org.w3c.dom.Element) cases.item(i);
      names.add(each.getAttribute("classname") + " " + each.getAttribute("name"));
      if (each.getAttribute("classname").equals("lab/hello:broken")) {
        assertThat(each.getElementsByTagName("failure").item(0).getTextContent())
            .contains("%files source 'nothing-here' does not exist");
      }
    }
    assertThat(names).containsExactly("lab/hello:latest Singularity", "lab/hello:broken Singularity.broken",
        "lab/hello:pancakes Singularity.pancakes");
    assertThat(Files.readString(summary)).startsWith("## skiff run: <code>lab/hello</code> **failed**")
        .contains("2 built (2 uploaded), 0 skipped, 1 failed");

    // The next run skips what is unchanged: skipped cases, with why.
    Files.delete(source.resolve("Singularity.broken"));
    assertThat(skiff(env, args.toArray(String[]::new)).exitCode()).isZero();
    document = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    assertThat(document.getElementsByTagName("skipped").getLength()).isEqualTo(2);
    assertThat(((org.w3c.dom.Element) document.getElementsByTagName("skipped").item(0)).getAttribute("message"))
        .isEqualTo("unchanged");
  }

  @Test
  void discoverFollowsTheTagPatternOfSkiffYmlOrTheEnvironment() throws Exception {
    Path repo = work.resolve("per-folder");
    Files.createDirectories(repo.resolve("python"));
    Files.createDirectories(repo.resolve("r"));
    Files.writeString(repo.resolve("python/Singularity"), "Bootstrap: scratch\n");
    Files.writeString(repo.resolve("r/Singularity"), "Bootstrap: scratch\n");
    Result clash = skiff("discover", repo.toString());
    assertThat(clash.exitCode()).isEqualTo(1);
    assertThat(clash.err()).contains("tag 'latest' is also the tag of");

    Files.writeString(repo.resolve("skiff.yml"), "tag-pattern: \"{dir}-{tag}\"\n");
    Result byFile = skiff("discover", repo.toString());
    assertThat(byFile.exitCode()).as(byFile.err()).isZero();
    assertThat(byFile.out()).contains("python-latest").contains("r-latest");

    Files.delete(repo.resolve("skiff.yml"));
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put("SKIFF_TAG_PATTERN", "{dir}");
    assertThat(skiff(env, "discover", repo.toString()).out()).contains("python ").contains("r ");
  }

  @Test
  void quietShowsOnlyTheSummaryAndVerboseShowsTheSettings() {
    Result quiet = run(source, "--quiet");
    assertThat(quiet.exitCode()).isZero();
    assertThat(quiet.err()).isEmpty();
    assertThat(quiet.out()).contains("lab/hello: 2 built");
    Result verbose = run(source, "--verbose");
    assertThat(verbose.err()).contains("setting   builder = scratch (--builder)", "setting   builder.scratch.timeout = 10m");
  }

  @Test
  void aReportThatCannotBeWrittenIsOneLineBeforeAnythingIsBuilt() throws IOException {
    Path blocker = Files.writeString(work.resolve("blocker"), "a file, not a folder");
    Result result = run(source, "--report", blocker.resolve("report.json").toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLines()).singleElement().asString()
        .startsWith("error: cannot write the report " + blocker.resolve("report.json") + ": ")
        .endsWith("; nothing was built");
    assertThat(storage).doesNotExist();
  }

  @Test
  void discoverListsTheTags() throws Exception {
    Result table = skiff("discover", source.toString());
    assertThat(table.exitCode()).isZero();
    assertThat(table.out()).contains("latest", "pancakes", "Bootstrap: scratch");
    JsonNode json = new ObjectMapper().readTree(skiff("discover", source.toString(), "--json").out());
    assertThat(json).hasSize(2);
    assertThat(json.get(0).path("tag").asText()).isEqualTo("latest");
  }

  @Test
  void configListsSettingsAndPlugins() {
    Result config = skiff("config");
    assertThat(config.exitCode()).isZero();
    assertThat(config.out()).contains("builder.singularity.mode", "SKIFF_BUILDER_SINGULARITY_MODE", "scratch",
        "singularity", "file:", "branch");
  }

  // --- Bad input: one line naming the file (and line), exit 1, nothing stored or published. ---

  void assertFailsCleanly(Result result, String expectedError) throws IOException {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    assertThat(result.errorLines()).as(result.err()).hasSize(1);
    assertThat(result.errorLines().get(0)).contains(expectedError);
    assertThat(result.err()).doesNotContain("\tat ");
    assertThat(storedFiles()).isEmpty();
    assertThat(branchExists()).isFalse();
  }

  Path badRepo(String file, String content) throws IOException {
    Path repo = Files.createDirectories(work.resolve("bad"));
    Path recipe = repo.resolve(file);
    Files.createDirectories(recipe.getParent());
    Files.writeString(recipe, content);
    return repo;
  }

  @Test
  void anUnknownBootstrapAgentIsNamedByTheBuildersThatRunApptainerAndByScratch() throws IOException {
    Path repo = badRepo("Singularity", "# a typo\nBootstrap: scrach\n");
    Result scratch = run(repo);
    assertThat(scratch.exitCode()).isEqualTo(1);
    assertThat(scratch.err()).contains("Singularity:2: unknown bootstrap agent 'scrach'; Apptainer knows docker,")
        .doesNotContain("use builder");
    assertThat(storedFiles()).isEmpty();
    Result plan = skiff("plan", repo.toString(), "--builder", "singularity", "--namespace", "lab/hello", "--storage",
        storage.toUri().toString());
    assertThat(plan.exitCode()).isEqualTo(1);
    assertThat(plan.errorLines()).containsExactly("error: builder 'singularity' cannot build Singularity:2: unknown"
        + " bootstrap agent 'scrach'; Apptainer knows " + String.join(", ", dev.skiff.model.Recipe
        .APPTAINER_BOOTSTRAP_AGENTS) + "; choose another builder");
    // A team's builder may know agents of its own (docs/example-builder builds Bootstrap: squashfs): discover lists it.
    assertThat(skiff("discover", repo.toString()).exitCode()).isZero();
  }

  @Test
  void discoverRefusesAMisspeltSettingAsRunDoes() throws IOException {
    Files.writeString(source.resolve("skiff.yml"), "tag-patern: \"{dir}-{tag}\"\n");
    Result discover = skiff("discover", source.toString());
    Result run = run(source);
    assertThat(discover.exitCode()).isEqualTo(run.exitCode()).isNotZero();
    assertThat(discover.err()).contains("tag-patern").doesNotContain("duplicate");
    assertThat(run.err()).contains("tag-patern");
  }

  @Test
  void planChecksTheStorageAsRunDoesAndNamesWhatTheBuilderCannotBuild() throws Exception {
    assertThat(run(source).exitCode()).isZero();
    String otherStorage = work.resolve("other-storage").toUri().toString();
    String[] plan = {"plan", source.toString(), "--builder", "scratch", "--namespace", "lab/hello", "--registry",
        registry.toString()};
    Result same = skiff(concat(plan, "--storage", storage.toUri().toString()));
    assertThat(same.out()).startsWith("0 to build, 2 unchanged");
    Result moved = skiff(concat(plan, "--storage", otherStorage));
    assertThat(moved.exitCode()).as(moved.err()).isZero();
    assertThat(moved.out()).startsWith("2 to build, 0 unchanged").contains("(its image is not in storage)");
    Result runThere = run(source, "scratch", otherStorage, registry);
    assertThat(runThere.out()).contains("2 built");

    Files.writeString(source.resolve("Singularity.tools"), "Bootstrap: docker\nFrom: debian:12\n%post\n  true\n");
    Result cannot = skiff(concat(plan, "--storage", otherStorage));
    assertThat(cannot.exitCode()).isEqualTo(1);
    assertThat(cannot.errorLines()).hasSize(1).first().asString().startsWith("error: builder 'scratch' cannot build"
        + " Singularity.tools:1: 'Bootstrap: docker' needs a container runtime").endsWith("; choose another builder");
    assertThat(skiff(concat(plan, "--report", work.resolve("plan.json").toString())).err())
        .startsWith("skiff plan: error: unknown options: '--report',");
  }

  static String[] concat(String[] first, String... more) {
    return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
  }

  @Test
  void theSummaryCountsTheTagsWhoseRecipesWereRemoved() throws Exception {
    assertThat(run(source).exitCode()).isZero();
    Files.delete(source.resolve("Singularity.pancakes"));
    Result quiet = run(source, "-q");
    assertThat(quiet.exitCode()).as(quiet.err()).isZero();
    assertThat(quiet.out()).contains("lab/hello: 0 built (0 uploaded), 1 skipped, 0 failed, 1 removed")
        .contains("  1 removed, their recipes are gone: pancakes");
  }

  @Test
  void aDirectPublishOntoACheckedOutBranchFailsBeforeAnythingIsBuilt() throws Exception {
    // registry init makes a repository with its default branch checked out, which a commit onto it would overwrite.
    Result direct = run(source, "--publisher", "direct");
    assertFailsCleanly(direct, "branch main is checked out");
  }

  @Test
  void theFanInReportsTheUrlsItCommits() throws Exception {
    Path records = work.resolve("records");
    Result shard = run(source, "--shard", "1/1", "--records", records.toString());
    assertThat(shard.exitCode()).as(shard.err()).isZero();
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put("SKIFF_STORAGE_FILE_BASE_URL", "https://blobs.example.org/images/");
    Result published = skiff(env, "publish", source.toString(), "--builder", "scratch", "--namespace", "lab/hello",
        "--storage", storage.toUri().toString(), "--registry", registry.toString(), "--records", records.toString());
    assertThat(published.exitCode()).as(published.err()).isZero();
    assertThat(published.out()).contains("https://blobs.example.org/images/lab/hello/").doesNotContain("file:");
    JsonNode manifest = FrontMatter.parse(fileOnBranch("lab/hello/manifests/latest/README.md")).orElseThrow();
    assertThat(published.out()).contains(manifest.path("layers").get(0).path("url").asText());
  }

  @Test
  void aRecipeWithoutBootstrap() throws IOException {
    assertFailsCleanly(run(badRepo("Singularity", "From: centos:7\n")), "error: Singularity:1: no 'Bootstrap:' header");
  }

  @Test
  void anUnknownSection() throws IOException {
    assertFailsCleanly(run(badRepo("Singularity", "Bootstrap: scratch\n\n%fils\n a /a\n")),
        "error: Singularity:3: unknown section %fils");
  }

  @Test
  void aTagWithIllegalCharacters() throws IOException {
    assertFailsCleanly(run(badRepo("Singularity.v1+debug", "Bootstrap: scratch\n")),
        "error: Singularity.v1+debug: invalid tag 'v1+debug'");
  }

  @Test
  void twoRecipesForOneTag() throws IOException {
    Path repo = badRepo("a/Singularity.x", "Bootstrap: scratch\n");
    Files.createDirectories(repo.resolve("b"));
    Files.writeString(repo.resolve("b/Singularity.x"), "Bootstrap: scratch\n");
    assertFailsCleanly(run(repo), "error: b/Singularity.x: tag 'x' is also the tag of a/Singularity.x");
  }

  @Test
  void aMissingFilesSource() throws IOException {
    assertFailsCleanly(run(badRepo("Singularity", "Bootstrap: scratch\n%files\n  missing.txt /m\n")),
        "Singularity:3: %files source 'missing.txt' does not exist");
  }

  @Test
  void aFilesSourceOutsideTheRepository() throws IOException {
    assertFailsCleanly(run(badRepo("x/Singularity", "Bootstrap: scratch\n%files\n  ../../etc/passwd /etc/passwd\n")),
        "x/Singularity:3: %files source '../../etc/passwd' lies outside the repository");
  }

  @Test
  void aRepositoryWithNoRecipes() throws IOException {
    Path empty = Files.createDirectories(work.resolve("empty"));
    Files.writeString(empty.resolve("README.md"), "nothing here\n");
    assertFailsCleanly(run(empty), "error: " + empty.toAbsolutePath().normalize() + ": no recipes found");
  }

  @Test
  void aRegistryThatIsNotAGitRepository() throws IOException {
    Path plain = Files.createDirectories(work.resolve("plain"));
    Result result = run(source, "scratch", storage.toUri().toString(), plain);
    assertFailsCleanly(result, "error: registry " + plain + ": not a git repository");
  }

  @Test
  void aStorageFolderThatCannotBeWritten() throws IOException {
    Path blocker = Files.writeString(work.resolve("blocker"), "a file, not a folder");
    Result result = run(source, "scratch", blocker.resolve("images").toUri().toString(), registry);
    assertFailsCleanly(result, "cannot create folder " + blocker.resolve("images"));
  }

  @Test
  void anUnknownBuilderListsTheKnownOnes() throws IOException {
    Result result = run(source, "docker", storage.toUri().toString(), registry);
    assertFailsCleanly(result, "error: unknown builder 'docker'; known builders: cloudbuild, prebuilt, remote, scratch, singularity");
  }

  @Test
  void oneBadRecipeDoesNotStopTheOthers() throws IOException {
    Files.writeString(source.resolve("Singularity.broken"), "Bootstrap: scratch\n%files\n  nope /nope\n");
    Result result = run(source);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLines()).singleElement().asString()
        .isEqualTo("error     lab/hello:broken: Singularity.broken:3: %files source 'nope' does not exist (looked for nope)");
    assertThat(result.out()).contains("2 built (2 uploaded), 0 skipped, 1 failed");
    assertThat(storedFiles()).hasSize(2);
    assertThat(branchExists()).isTrue();
  }

  @Test
  void valuesFromTheRepositoryNeverStartALineOrReachTheTerminalAsControls() throws Exception {
    Path evil = Files.createDirectories(source.resolve("tools\n::error file=x::owned\u001b]0;title\u0007"));
    Files.writeString(evil.resolve("Singularity.evil"), "Bootstrap: scratch\n%files\n  missing.txt /x\n");
    List<Result> results = List.of(run(source), skiff("discover", source.toString()));
    for (Result result : results) {
      for (String line : (result.out() + result.err()).split("\n")) {
        assertThat(line).as(line).doesNotStartWith("::").doesNotContain("\u001b").doesNotContain("\u0007");
      }
      assertThat(result.out() + result.err()).contains("tools\\u000A::error file=x::owned\\u001B");
    }
  }
}
