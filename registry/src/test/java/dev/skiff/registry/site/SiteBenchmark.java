package dev.skiff.registry.site;

import dev.skiff.model.Digest;
import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;
import dev.skiff.registry.CollectionPage;
import dev.skiff.registry.ManifestPage;
import dev.skiff.registry.RegistryInit;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff site} on synthetic registries of N namespaces x 3 tags, each render a process of its
 * own (JVM start included), beside Jekyll rendering the same registry with layouts that list tags
 * as the registry-org theme does (every tag list scans every page), when {@code jekyll} is
 * installed. Prints wall time, files per second and peak heap; goals in the issue. Not part of the
 * suite: run it with
 * {@code ./mvnw -B -pl registry -am test -Dtest=SiteBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SiteBenchmark {
  static final int TAGS = 3;

  @TempDir
  Path work;

  @Test
  void rendersLargeRegistriesInSeconds() throws Exception {
    StringBuilder report = new StringBuilder("skiff site benchmark (each render a new JVM, -Xmx1g, the quick"
        + " compiler as the launcher runs it):\n");
    double perManifestSmall = 0;
    for (int namespaces : new int[] {1_000, 33_334}) {
      Path registry = work.resolve("registry-" + namespaces);
      long made = System.nanoTime();
      synthetic(registry, namespaces);
      report.append(String.format("  %,d namespaces x %d tags (%,d manifests), made in %.1f s%n", namespaces, TAGS,
          namespaces * TAGS, seconds(made)));
      Path out = work.resolve("site-" + namespaces);
      Result full = renderInProcess(registry, out);
      long files = countFiles(out);
      report.append(String.format("    full render:        %6.2f s, %,9.0f files/s, peak heap %4d MiB%n", full.seconds,
          files / full.seconds, full.peakHeapMiB));
      report.append(String.format("    file system floor:  %6.2f s to copy the same %,d files and their folders, nothing"
          + " else%n", copyTree(out, work.resolve("copy-" + namespaces)), files));
      double perManifest = full.seconds / (namespaces * TAGS);
      if (namespaces == 1_000) {
        perManifestSmall = perManifest;
        jekyll(registry, report, full.seconds);
      } else {
        report.append(String.format("    time per manifest:  %.1f x that at 1,000%n", perManifest / perManifestSmall));
        touchOneNamespace(registry);
        Result update = renderInProcess(registry, out);
        report.append(String.format("    one-namespace update: %4.2f s, peak heap %4d MiB%n", update.seconds,
            update.peakHeapMiB));
      }
    }
    report.append("  goals: 1,000 namespaces under 2.5 s (100x Jekyll); 100,000 manifests under 20 s, heap under"
        + " 1 GiB, per manifest within 1.5x; update under 2 s\n");
    System.out.print(report);
  }

  record Result(double seconds, long peakHeapMiB) {}

  /**
   * Renders in a JVM of its own with the collector and compiler the launcher gives {@code skiff site},
   * and reads back its peak heap.
   */
  static Result renderInProcess(Path registry, Path out) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    long start = System.nanoTime();
    Process process = new ProcessBuilder(java.toString(), "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), RenderMain.class.getName(), registry.toString(), out.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new AssertionError("the render failed:\n" + output);
    }
    double seconds = seconds(start);
    String peak = output.lines().filter(l -> l.startsWith("peak-heap-mib ")).findFirst()
        .orElseThrow(() -> new AssertionError("no heap figure in:\n" + output));
    return new Result(seconds, Long.parseLong(peak.substring("peak-heap-mib ".length()).trim()));
  }

  /** The render of one benchmark run: {@code skiff site}'s work, then the peak heap it took. */
  static final class RenderMain {
    public static void main(String[] args) throws Exception {
      SiteReport report = SiteRenderer.render(SiteRequest.of(args[0], Path.of(args[1]))
          .withBaseUrl("https://myorg.github.io/registry/"));
      if (!report.complete()) {
        throw new IllegalStateException("pages were skipped: " + report.skipped());
      }
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.println("peak-heap-mib " + (peak >> 20));
    }
  }

  /** Jekyll over the same registry, when installed (it takes minutes). */
  private void jekyll(Path registry, StringBuilder report, double skiffSeconds) throws Exception {
    if (!onPath("jekyll")) {
      report.append("    jekyll: not installed, no comparison (apt-get install jekyll)\n");
      return;
    }
    Path checkout = work.resolve("jekyll-src");
    Process clone = new ProcessBuilder("git", "clone", "-q", registry.toString(), checkout.toString()).inheritIO().start();
    if (clone.waitFor() != 0) {
      throw new AssertionError("git clone failed");
    }
    JekyllLayouts.write(checkout);
    long start = System.nanoTime();
    Process process = new ProcessBuilder("jekyll", "build", "-q", "-s", checkout.toString(), "-d",
        work.resolve("jekyll-site").toString()).redirectErrorStream(true).start();
    process.getInputStream().transferTo(System.out);
    if (process.waitFor() != 0) {
      throw new AssertionError("jekyll build failed");
    }
    double jekyll = seconds(start);
    report.append(String.format("    jekyll, same registry: %6.2f s; jekyll / skiff: %.0f x%n", jekyll, jekyll / skiffSeconds));
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  /** Changes one manifest of the registry in a new commit. */
  static void touchOneNamespace(Path registry) throws Exception {
    try (Repository repository = new FileRepositoryBuilder().setGitDir(registry.resolve(".git").toFile()).build();
        ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
      var head = walk.parseCommit(repository.resolve("HEAD"));
      var namespace = new Namespace("owner0", "image0");
      ObjectId page = inserter.insert(Constants.OBJ_BLOB, manifest(namespace, "latest", 999_999)
          .getBytes(StandardCharsets.UTF_8));
      ObjectId tree = replace(repository, inserter, head.getTree(), List.of("owner0", "image0", "manifests", "latest",
          "README.md"), page);
      commit(repository, inserter, tree, head);
    }
  }

  private static ObjectId replace(Repository repository, ObjectInserter inserter, ObjectId tree, List<String> path,
      ObjectId blob) throws IOException {
    var formatter = new TreeFormatter();
    try (var walk = new org.eclipse.jgit.treewalk.TreeWalk(repository)) {
      walk.addTree(tree);
      while (walk.next()) {
        String name = walk.getNameString();
        if (!name.equals(path.get(0))) {
          formatter.append(name, walk.getFileMode(0), walk.getObjectId(0));
        } else if (path.size() == 1) {
          formatter.append(name, FileMode.REGULAR_FILE, blob);
        } else {
          formatter.append(name, FileMode.TREE, replace(repository, inserter, walk.getObjectId(0),
              path.subList(1, path.size()), blob));
        }
      }
    }
    return inserter.insert(formatter);
  }

  /** A registry of {@code namespaces} namespaces x 3 tags, written object by object. */
  static void synthetic(Path registry, int namespaces) throws Exception {
    RegistryInit.init(registry, "main", "bench");
    try (Repository repository = new FileRepositoryBuilder().setGitDir(registry.resolve(".git").toFile()).build();
        ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
      var head = walk.parseCommit(repository.resolve("HEAD"));
      // Owners of 100 namespaces each; names sort as git sorts them once formatted in sorted order.
      List<String> owners = new ArrayList<>();
      for (int i = 0; i * 100 < namespaces; i++) {
        owners.add("owner" + i);
      }
      owners.sort(null);
      var root = new TreeFormatter();
      List<Map.Entry<String, ObjectId>> top = new ArrayList<>();
      try (var walkTop = new org.eclipse.jgit.treewalk.TreeWalk(repository)) {
        walkTop.addTree(head.getTree());
        while (walkTop.next()) {
          top.add(Map.entry(walkTop.getNameString() + (walkTop.getFileMode(0) == FileMode.TREE ? "/" : ""),
              walkTop.getObjectId(0)));
        }
      }
      for (String owner : owners) {
        int first = Integer.parseInt(owner.substring(5)) * 100;
        List<String> names = new ArrayList<>();
        for (int n = first; n < Math.min(namespaces, first + 100); n++) {
          names.add("image" + n);
        }
        names.sort(null);
        var ownerTree = new TreeFormatter();
        for (String name : names) {
          Namespace namespace = new Namespace(owner, name);
          var manifests = new TreeFormatter();
          for (String tag : List.of("latest", "v1", "v2")) {
            ObjectId page = inserter.insert(Constants.OBJ_BLOB, manifest(namespace, tag, 1)
                .getBytes(StandardCharsets.UTF_8));
            var tagTree = new TreeFormatter();
            tagTree.append("README.md", FileMode.REGULAR_FILE, page);
            manifests.append(tag, FileMode.TREE, inserter.insert(tagTree));
          }
          var nsTree = new TreeFormatter();
          nsTree.append("README.md", FileMode.REGULAR_FILE, inserter.insert(Constants.OBJ_BLOB,
              CollectionPage.render("Image " + name + " of " + owner).getBytes(StandardCharsets.UTF_8)));
          nsTree.append("manifests", FileMode.TREE, inserter.insert(manifests));
          var tags = new TreeFormatter();
          tags.append("README.md", FileMode.REGULAR_FILE, inserter.insert(Constants.OBJ_BLOB,
              CollectionPage.renderTags().getBytes(StandardCharsets.UTF_8)));
          nsTree.append("tags", FileMode.TREE, inserter.insert(tags));
          ownerTree.append(name, FileMode.TREE, inserter.insert(nsTree));
        }
        top.add(Map.entry(owner + "/", inserter.insert(ownerTree)));
      }
      top.sort(Map.Entry.comparingByKey());
      for (var entry : top) {
        boolean folder = entry.getKey().endsWith("/");
        root.append(folder ? entry.getKey().substring(0, entry.getKey().length() - 1) : entry.getKey(),
            folder ? FileMode.TREE : FileMode.REGULAR_FILE, entry.getValue());
      }
      commit(repository, inserter, inserter.insert(root), head);
      // A registry cloned from its host arrives packed; so is this one.
      Git.wrap(repository).gc().call();
    }
  }

  static String manifest(Namespace namespace, String tag, int seed) {
    byte[] image = (namespace + ":" + tag + ":" + seed).getBytes(StandardCharsets.UTF_8);
    return ManifestPage.render(new Manifest(namespace, Tag.of(tag), Digest.sha256(image), 50_000_000L + seed,
        URI.create("https://storage.googleapis.com/bench/" + namespace + "/" + Digest.sha256(image).hex() + ".sif"),
        new Manifest.Provenance("Singularity", Digest.sha256(image), "singularity", Instant.ofEpochSecond(1_700_000_000L),
            Optional.of("https://github.com/" + namespace), Optional.of("0123456789abcdef0123456789abcdef01234567"),
            Map.of("Maintainer", namespace.owner()))));
  }

  private static void commit(Repository repository, ObjectInserter inserter, ObjectId tree, ObjectId parent)
      throws IOException {
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    commit.setParentId(parent);
    PersonIdent who = new PersonIdent("bench", "bench@example.org");
    commit.setAuthor(who);
    commit.setCommitter(who);
    commit.setMessage("synthetic registry\n");
    ObjectId id = inserter.insert(commit);
    inserter.flush();
    RefUpdate update = repository.updateRef(Constants.R_HEADS + "main");
    update.setNewObjectId(id);
    update.forceUpdate();
  }

  /** How long this machine takes to write a tree like the site's: the part of a render no renderer can avoid. */
  private static double copyTree(Path from, Path to) throws IOException {
    long start = System.nanoTime();
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
    return seconds(start);
  }

  private static long countFiles(Path out) throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
