package dev.skiff.cli;

import static dev.skiff.cli.SkiffCliIT.skiff;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff site} as a user runs it: after {@code skiff run}, over a registry with a bad page, and wrongly. */
class SiteCommandIT {
  @TempDir
  Path work;

  @Test
  void rendersWhatSkiffRunPublishedAndSaysWhereToOpenIt() throws Exception {
    Path source = SkiffCliIT.copyOfTheExample(work.resolve("hello"));
    Path registry = work.resolve("registry");
    assertThat(skiff("registry", "init", registry.toString()).exitCode()).isZero();
    SkiffCliIT.Result run = SkiffCliIT.run(source, "scratch", work.resolve("storage").toUri().toString(), registry);
    assertThat(run.exitCode()).as(run.err()).isZero();

    Path out = work.resolve("site");
    SkiffCliIT.Result result = skiff("site", "--registry", registry.toString(), "--rev", "update/lab/hello",
        "--out", out.toString(), "--base-url", "https://lab.github.io/registry/");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("Site: 1 namespace, 2 tags of commit ")
        .contains("Open: " + out.resolve("index.html"))
        .contains("Pull: skiff pull, curl, apptainer pull shub://; oras:// needs the site at the host's root");
    assertThat(new ObjectMapper().readTree(out.resolve("lab/hello/tags/index.json").toFile()).path("tags").toString())
        .isEqualTo("[\"latest\",\"pancakes\"]");
    // The blobs are in a local folder (file: URLs), which Apptainer's shub:// client cannot fetch.
    assertThat(Files.readString(out.resolve("lab/hello/index.html")))
        .contains("skiff pull lab.github.io/registry/lab/hello:pancakes").doesNotContain("shub://");

    SkiffCliIT.Result again = skiff("site", "--registry", registry.toString(), "--rev", "update/lab/hello",
        "--out", out.toString(), "--base-url", "https://lab.github.io/registry/");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("updated (0 namespaces written)");
  }

  @Test
  void publishesTheSiteSendingOnlyWhatChanged() throws Exception {
    Path registry = work.resolve("registry");
    assertThat(skiff("registry", "init", registry.toString()).exitCode()).isZero();
    commit(registry, "lab/x/README.md", "---\nlayout: collection\ndescription: x\n---\n");
    Path served = work.resolve("www");
    String target = served.toUri().toString();
    SkiffCliIT.Result first = skiff("site", "--registry", registry.toString(), "--out", work.resolve("site").toString(),
        "--publish", target);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).containsPattern("Published to file:.*www/?: \\d+ file\\(s\\) sent, 0 removed, 0 unchanged");
    assertThat(served.resolve("lab/x/index.html")).exists();
    assertThat(served.resolve("_skiff/state.json")).exists();

    commit(registry, "lab/x/README.md", "---\nlayout: collection\ndescription: changed\n---\n");
    SkiffCliIT.Result second = skiff("site", "--registry", registry.toString(), "--out", work.resolve("site").toString(),
        "--publish", target);
    assertThat(second.exitCode()).as(second.err()).isZero();
    // The namespace's page, its owner's page (which shows the description), the catalog page, the
    // browse page and the state changed; nothing else.
    assertThat(second.out()).contains(": 5 file(s) sent, 0 removed, ");
    assertThat(served.resolve("lab/x/index.html")).content().contains("changed");

    Path foreign = Files.createDirectories(work.resolve("foreign"));
    Files.writeString(foreign.resolve("keep.txt"), "mine");
    SkiffCliIT.Result refused = skiff("site", "--registry", registry.toString(), "--out",
        work.resolve("site").toString(), "--publish", foreign.toUri().toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("holds 1 file(s) but no site of skiff's");
    assertThat(foreign.resolve("keep.txt")).hasContent("mine");
    assertThat(foreign.resolve("index.html")).doesNotExist();
  }

  private static void commit(Path registry, String path, String content) throws Exception {
    Files.createDirectories(registry.resolve(path).getParent());
    Files.writeString(registry.resolve(path), content);
    try (Git git = Git.open(registry.toFile())) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("change " + path).setSign(false).call();
    }
  }

  @Test
  void aBadPageIsNamedLeftOutAndFailsTheCommand() throws Exception {
    Path registry = work.resolve("registry");
    assertThat(skiff("registry", "init", registry.toString()).exitCode()).isZero();
    Files.createDirectories(registry.resolve("lab/x/manifests/latest"));
    Files.writeString(registry.resolve("lab/x/manifests/latest/README.md"), "---\nsize: [\n---\n");
    try (Git git = Git.open(registry.toFile())) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("a broken page").setSign(false).call();
    }
    SkiffCliIT.Result result = skiff("site", "--registry", registry.toString(), "--out", work.resolve("site").toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("skipped lab/x/manifests/latest/README.md: front matter is not YAML (line 2): ")
        .endsWith("found '<stream end>'" + System.lineSeparator()).hasLineCount(1);
    assertThat(result.out()).contains("Skipped 1 page(s)");
  }

  @Test
  void badInputIsOneLineAndExitCodeOne() throws Exception {
    Path registry = work.resolve("registry");
    assertThat(skiff("registry", "init", registry.toString()).exitCode()).isZero();
    Path busy = Files.createDirectories(work.resolve("busy"));
    Files.writeString(busy.resolve("keep.txt"), "mine");
    String[][] cases = {
        {"site", "--registry", work.resolve("nothing").toString(), "--out", work.resolve("o1").toString()},
        {"site", "--registry", registry.toString(), "--rev", "v9", "--out", work.resolve("o2").toString()},
        {"site", "--registry", registry.toString(), "--out", busy.toString()},
        {"site", "--registry", registry.toString(), "--out", work.resolve("o3").toString(), "--base-url", "not a url"},
    };
    for (String[] args : cases) {
      SkiffCliIT.Result result = skiff(args);
      assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(result.err().lines().toList()).as(result.err()).hasSize(1);
      assertThat(result.err()).startsWith("error: ");
    }
    assertThat(busy.resolve("keep.txt")).hasContent("mine");
    assertThat(skiff("site", "--registry", registry.toString()).exitCode()).isEqualTo(2);
  }

  @Test
  void aRepositoryThatHoldsNoRegistryIsRefusedNotRenderedEmpty() throws Exception {
    Path source = SkiffCliIT.committedRepository(work.resolve("source"), "Singularity", "Bootstrap: scratch\n");
    Path out = work.resolve("site");
    SkiffCliIT.Result result = skiff("site", "--registry", source.toString(), "--out", out.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("error: registry " + source + ": commit ")
        .contains(" holds no registry (no .skiff/registry.yml, no OWNER/NAME/manifests/TAG/README.md)");
    assertThat(result.err().lines()).hasSize(1);
    assertThat(out).doesNotExist();
  }
}
