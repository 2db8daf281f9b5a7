package dev.skiff.registry.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.model.Digest;
import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;
import dev.skiff.registry.CollectionPage;
import dev.skiff.registry.FrontMatter;
import dev.skiff.registry.ManifestPage;
import dev.skiff.registry.verify.RegistryScenario;
import dev.skiff.spi.SkiffException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.FileMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff site} over real git repositories: what it serves, what it shows, what it refuses. */
class SiteRendererTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path registry;

  @TempDir
  Path work;

  RegistryScenario scenario;

  @BeforeEach
  void registry() throws Exception {
    scenario = new RegistryScenario(registry);
  }

  @AfterEach
  void close() {
    scenario.close();
  }

  /** A page as the publisher writes it. */
  static String page(String namespace, String tag, int seed, Map<String, String> labels) {
    byte[] image = ("image " + namespace + ":" + tag + " " + seed).getBytes(StandardCharsets.UTF_8);
    return ManifestPage.render(new Manifest(Namespace.parse(namespace), Tag.of(tag), Digest.sha256(image),
        1000L + seed, URI.create("https://blobs.example.org/" + namespace + "/" + Digest.sha256(image).hex() + ".sif"),
        new Manifest.Provenance("Singularity." + tag, Digest.sha256(new byte[] {(byte) seed}), "scratch",
            Instant.ofEpochSecond(1_700_000_000L + seed), Optional.of("https://github.com/" + namespace),
            Optional.of("0123456789abcdef0123456789abcdef01234567"), labels)));
  }

  SiteReport render(Path out) throws SkiffException {
    return SiteRenderer.render(SiteRequest.of(registry.toString(), out).withBaseUrl("https://myorg.github.io/registry"));
  }

  static JsonNode json(Path file) throws Exception {
    return JSON.readTree(file.toFile());
  }

  @Test
  void servesTheRegistryApiAtTheExistingPathsWithJsonTwins() throws Exception {
    String latest = page("lab/tool", "latest", 1, Map.of("Maintainer", "lab"));
    scenario.onMain()
        .write("lab/tool/README.md", CollectionPage.render("Tools of the lab"))
        .write("lab/tool/tags/README.md", CollectionPage.renderTags())
        .write("lab/tool/manifests/latest/README.md", latest)
        .write("lab/tool/manifests/v1.0/README.md", page("lab/tool", "v1.0", 2, Map.of()))
        .commit();
    Path out = work.resolve("site");
    SiteReport report = render(out);

    assertThat(report.complete()).isTrue();
    assertThat(report.namespaces()).isEqualTo(1);
    assertThat(report.manifests()).isEqualTo(2);
    assertThat(Files.readString(out.resolve("index.html"))).contains("<p class=\"counts\">1 namespace, 2 tags.</p>");
    // Every folder the site writes for itself is a name no namespace can take.
    try (java.util.stream.Stream<Path> top = Files.list(out)) {
      assertThat(top.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(name -> !name.equals("lab")))
          .isNotEmpty().allSatisfy(name -> assertThat(name.startsWith("_")
              || dev.skiff.model.Namespace.RESERVED_OWNERS.contains(name)).as(name).isTrue());
    }
    JsonNode manifest = json(out.resolve("lab/tool/manifests/latest/index.html"));
    ManifestPage.Fields fields = ManifestPage.read(latest);
    assertThat(manifest.path("schemaVersion").asInt()).isEqualTo(2);
    assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.singularity.distribution.manifest.v2+json");
    assertThat(manifest.path("config").path("size").asLong()).isEqualTo(fields.size());
    assertThat(manifest.path("layers").path(0).path("digest").asText()).isEqualTo(fields.digest().toString());
    assertThat(manifest.path("layers").path(0).path("size").asLong()).isEqualTo(1001);
    assertThat(manifest.path("layers").path(0).path("urls").path(0).asText()).isEqualTo(fields.url());
    assertThat(Files.readAllBytes(out.resolve("lab/tool/manifests/latest/index.json")))
        .isEqualTo(Files.readAllBytes(out.resolve("lab/tool/manifests/latest/index.html")));
    JsonNode tags = json(out.resolve("lab/tool/tags/index.json"));
    assertThat(tags.path("name").asText()).isEqualTo("lab/tool");
    assertThat(tags.path("tags")).extracting(JsonNode::asText).containsExactly("latest", "v1.0");
    assertThat(Files.readString(out.resolve("lab/tool/index.html"))).contains("Tools of the lab")
        .contains("apptainer pull shub://myorg.github.io/registry/lab/tool:latest")
        .contains("skiff pull myorg.github.io/registry/lab/tool:v1.0")
        .contains("sha256sum -c")
        .contains("href=\"https://github.com/lab/tool/commit/0123456789abcdef0123456789abcdef01234567\"");
    JsonNode index = json(out.resolve("_skiff/catalog/index.json"));
    assertThat(index.path("namespaces").asInt()).isEqualTo(1);
    assertThat(index.path("tags").asInt()).isEqualTo(2);
    JsonNode entry = json(out.resolve(index.path("pages").path(0).asText())).path(0);
    assertThat(entry.path("name").asText()).isEqualTo("lab/tool");
    assertThat(entry.path("labels")).extracting(JsonNode::asText).containsExactly("Maintainer=lab");
    assertEveryJsonFileParses(out);
  }

  @Test
  void namespacesThatShareASuffixKeepTheirTagsApart() throws Exception {
    scenario.onMain()
        .write("lab/tool/manifests/latest/README.md", page("lab/tool", "latest", 1, Map.of()))
        .write("mylab/tool/manifests/other/README.md", page("mylab/tool", "other", 2, Map.of()))
        .write("lab/tool-x/manifests/x/README.md", page("lab/tool-x", "x", 3, Map.of()))
        .commit();
    Path out = work.resolve("site");
    render(out);
    assertThat(json(out.resolve("lab/tool/tags/index.json")).path("tags")).extracting(JsonNode::asText)
        .containsExactly("latest");
    assertThat(json(out.resolve("mylab/tool/tags/index.json")).path("tags")).extracting(JsonNode::asText)
        .containsExactly("other");
    assertThat(json(out.resolve("lab/tool-x/tags/index.json")).path("tags")).extracting(JsonNode::asText)
        .containsExactly("x");
  }

  @Test
  void readsAnOlderJekyllRegistryAndLeavesItsSiteFilesOut() throws Exception {
    scenario.onMain()
        .write("_config.yml", "title: registry\n")
        .write("_layouts/manifests/singularity.html", "{{ page.size }}\n")
        .write("assets/js/search.js", "alert(1)\n")
        .write("vsoch/hello-world/README.md", "---\nlayout: collection\n---\n")
        .write("vsoch/hello-world/tags/README.md", "---\nlayout: tags\n---\n")
        .write("vsoch/hello-world/manifests/latest/README.md", "---\nlayout: manifests/singularity\nsize: 42\n"
            + "digest: sha256:" + "a".repeat(64) + "\nlayers:\n- size: 42\n  digest: \"sha256:" + "a".repeat(64)
            + "\"\n  url: \"https://storage.googleapis.com/bucket/hello.sif\"\n---\n")
        .commit();
    Path out = work.resolve("site");
    SiteReport report = render(out);
    assertThat(report.complete()).isTrue();
    assertThat(json(out.resolve("vsoch/hello-world/manifests/latest/index.json")).path("layers").path(0)
        .path("size").asLong()).isEqualTo(42);
    assertThat(out.resolve("_config.yml")).doesNotExist();
    assertThat(out.resolve("_layouts")).doesNotExist();
    assertThat(out.resolve("assets")).doesNotExist();
  }

  @Test
  void badPagesAreNamedAndLeftOutWhileTheRestRenders() throws Exception {
    String twice = page("lab/bad", "twice", 3, Map.of()).replaceFirst("\n---\n$", "\nsize: 9\n---\n");
    long twiceLine = twice.lines().count() - 1;
    scenario.onMain()
        .write("lab/good/manifests/latest/README.md", page("lab/good", "latest", 1, Map.of()))
        .write("lab/bad/manifests/yaml/README.md", "---\nsize: [unclosed\n---\n")
        .write("lab/bad/manifests/twice/README.md", twice)
        .write("lab/bad/manifests/nosize/README.md", "---\nlayout: manifests/singularity\ndigest: sha256:" + "b".repeat(64)
            + "\nlayers:\n- url: https://x.example.org/a.sif\n---\n")
        .write("lab/bad/manifests/latin1/README.md", FileMode.REGULAR_FILE, new byte[] {'-', '-', '-', '\n', (byte) 0xe9})
        .write("lab/bad/manifests/huge/README.md", FileMode.REGULAR_FILE, new byte[(1 << 20) + 1])
        .write("lab/bad/manifests/latest/README.md", page("lab/bad", "latest", 2, Map.of()))
        .commit();
    Path out = work.resolve("site");
    SiteReport report = render(out);
    assertThat(report.complete()).isFalse();
    assertThat(report.skipped()).extracting(SiteReport.SkippedPage::path).containsExactly(
        "lab/bad/manifests/huge/README.md", "lab/bad/manifests/latin1/README.md", "lab/bad/manifests/nosize/README.md",
        "lab/bad/manifests/twice/README.md", "lab/bad/manifests/yaml/README.md");
    assertThat(report.skipped()).extracting(SiteReport.SkippedPage::reason).containsExactly(
        "is 1048577 bytes; a registry page is at most 1048576", "is not UTF-8 text",
        "size must be a positive whole number, not missing",
        "front matter gives a key twice (line " + twiceLine + "): key 'size'",
        "front matter is not YAML (line 2): while parsing a flow sequence: size: [unclosed: expected ',' or ']', but got"
            + " <stream end>");
    assertThat(json(out.resolve("lab/bad/tags/index.json")).path("tags")).extracting(JsonNode::asText)
        .containsExactly("latest");
    assertThat(out.resolve("lab/good/manifests/latest/index.json")).exists();
    assertThat(out.resolve("lab/bad/manifests/yaml")).doesNotExist();
  }

  @Test
  void hostileValuesRenderAsInertTextAndValidJson() throws Exception {
    String hostile = "<script>alert('x')</script> \"quoted\" \\back\\slash {{ site.secret }} \u001b[31m red \u0007 "
        + "</textarea><img src=x onerror=alert(1)>" + "x".repeat(10_000);
    Map<String, Object> front = new LinkedHashMap<>();
    front.put(FrontMatter.LAYOUT, "collection");
    front.put("description", hostile);
    Map<String, String> labels = new TreeMap<>(Map.of("<b>key</b>", "\"'><script>alert(2)</script>", "ok", "{{ 7*7 }}"));
    scenario.onMain()
        .write("evil/ns/README.md", FrontMatter.render(front))
        .write("evil/ns/manifests/latest/README.md", page("evil/ns", "latest", 1, labels))
        .write("evil/ns/manifests/js/README.md", "---\nlayout: manifests/singularity\nsize: 7\ndigest: sha256:"
            + "c".repeat(64) + "\nlayers:\n- size: 7\n  digest: sha256:" + "c".repeat(64)
            + "\n  url: \"javascript:alert(document.domain)//</script><script>alert(3)</script>\"\n"
            + "skiff:\n  source_repository: \"javascript:alert(4)\"\n  source_commit: \"abc'><script>\"\n"
            + "  recipe: \"<script>alert(5)</script>\"\n---\n")
        .commit();
    Path out = work.resolve("site");
    SiteReport report = render(out);
    assertThat(report.complete()).as(report.skipped().toString()).isTrue();
    String html = Files.readString(out.resolve("evil/ns/index.html"));
    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("<b>key</b>")
        .doesNotContain("\u001b").doesNotContain("href=\"javascript:").doesNotContain("'><script>")
        .contains("&lt;script&gt;alert(")
        .contains("{{ site.secret }}");
    assertThat(Stream.of(html.split("<script")).count() - 1).as("script elements").isEqualTo(1);
    JsonNode catalogEntry = json(out.resolve("_skiff/catalog/1.json")).path(0);
    assertThat(catalogEntry.path("description").asText()).startsWith("<script>alert('x')</script> \"quoted\"")
        .hasSizeLessThanOrEqualTo(NamespaceRenderer.DESCRIPTION_IN_LISTS);
    String raw = Files.readString(out.resolve("evil/ns/manifests/js/index.html"));
    assertThat(raw).doesNotContain("<").doesNotContain(">");
    assertThat(json(out.resolve("evil/ns/manifests/js/index.html")).path("layers").path(0).path("urls").path(0).asText())
        .isEqualTo("javascript:alert(document.domain)//</script><script>alert(3)</script>");
    assertEveryJsonFileParses(out);
  }

  @Test
  void answersTheSingularityHubClientByTagAndByCommit() throws Exception {
    String latest = page("lab/tool", "latest", 1, Map.of());
    scenario.onMain()
        .write("lab/tool/manifests/latest/README.md", latest)
        .write("lab/" + "n".repeat(65) + "/manifests/latest/README.md", page("lab/" + "n".repeat(65), "latest", 2, Map.of()))
        // Where the client's answers live: no namespace (Namespace.RESERVED_OWNERS), so no page of the site.
        .write("api/container/manifests/latest/README.md", page("lab/tool", "latest", 3, Map.of()))
        .commit();
    Path out = work.resolve("site");
    SiteReport report = render(out);
    ManifestPage.Fields fields = ManifestPage.read(latest);
    JsonNode byTag = json(out.resolve("api/container/lab/tool:latest"));
    assertThat(byTag.path("image").asText()).isEqualTo(fields.url());
    assertThat(byTag.path("name").asText()).isEqualTo("lab/tool");
    assertThat(byTag.path("tag").asText()).isEqualTo("latest");
    assertThat(byTag.path("version").asText()).isEqualTo(fields.digest().toString());
    String commit = byTag.path("commit").asText();
    assertThat(commit).matches("[0-9a-f]{40}").isEqualTo(fields.digest().hex().substring(0, 40));
    assertThat(Files.readAllBytes(out.resolve("api/container/lab/tool@" + commit)))
        .isEqualTo(Files.readAllBytes(out.resolve("api/container/lab/tool:latest")));
    // The client refuses container names over 64 characters: no answer is written for them.
    try (Stream<Path> answers = Files.list(out.resolve("api/container/lab"))) {
      assertThat(answers.map(p -> p.getFileName().toString())).allMatch(name -> name.startsWith("tool"));
    }
    assertThat(out.resolve("api/container/manifests")).doesNotExist();
    assertThat(report.namespaces()).isEqualTo(2);
  }

  @Test
  void theSameRevisionGivesTheSameBytes() throws Exception {
    scenario.onMain()
        .write("a/one/manifests/latest/README.md", page("a/one", "latest", 1, Map.of("k", "v")))
        .write("b/two/README.md", CollectionPage.render("two"))
        .write("b/two/manifests/x/README.md", page("b/two", "x", 2, Map.of()))
        .commit();
    Path first = work.resolve("first");
    Path second = work.resolve("second");
    render(first);
    render(second);
    assertThat(files(second)).isEqualTo(files(first));
  }

  @Test
  void refusesWhatItCannotRender() throws Exception {
    scenario.onMain().write("a/one/manifests/latest/README.md", page("a/one", "latest", 1, Map.of())).commit();
    Path notARegistry = Files.createDirectories(work.resolve("plain"));
    assertThatThrownBy(() -> SiteRenderer.render(SiteRequest.of(notARegistry.toString(), work.resolve("o1"))))
        .isInstanceOf(SkiffException.class).hasMessageContaining("not a git repository");
    assertThatThrownBy(() -> SiteRenderer.render(SiteRequest.of(registry.toString(), work.resolve("o2")).withRev("nope")))
        .hasMessage("--rev nope: no such commit in registry " + registry);
    Path busy = Files.createDirectories(work.resolve("busy"));
    Files.writeString(busy.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> SiteRenderer.render(SiteRequest.of(registry.toString(), busy)))
        .hasMessageContaining("the folder is not empty and holds no earlier render of skiff site");
    assertThat(busy.resolve("notes.txt")).hasContent("mine");
    assertThat(SiteRenderer.render(SiteRequest.of(registry.toString(), busy).withForce(true)).complete()).isTrue();
    assertThatThrownBy(() -> SiteRenderer.render(SiteRequest.of(registry.toString(), work.resolve("o3"))
        .withBaseUrl("ftp://example.org/"))).hasMessageStartingWith("--base-url 'ftp://example.org/': not an http");
    assertThatThrownBy(() -> SiteRenderer.render(SiteRequest.of(registry.toString(), work.resolve("o4"))
        .withSince("HEAD"))).hasMessageContaining("holds no earlier render to update");
  }

  static void assertEveryJsonFileParses(Path out) throws Exception {
    try (Stream<Path> paths = Files.walk(out)) {
      for (Path file : paths.filter(Files::isRegularFile).toList()) {
        String name = file.getFileName().toString();
        boolean api = name.endsWith(".json") || (name.equals("index.html") && (file.getParent().getFileName().toString()
            .equals("tags") || file.getParent().getParent().getFileName().toString().equals("manifests")));
        if (api) {
          assertThat(JSON.readTree(file.toFile())).as(out.relativize(file).toString()).isNotNull();
        }
      }
    }
  }

  /** Every file of a site, by path, with its bytes as text. */
  static Map<String, String> files(Path out) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(out)) {
      for (Path path : paths.toList()) {
        files.put(out.relativize(path).toString() + (Files.isDirectory(path) ? "/" : ""),
            Files.isDirectory(path) ? "" : new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
      }
    }
    return files;
  }

  static List<String> names(Map<String, String> files) {
    return List.copyOf(files.keySet());
  }

  @Test
  void anImageInAnOciRegistryIsPulledFromThereFirst() throws Exception {
    byte[] image = "image in a registry".getBytes(StandardCharsets.UTF_8);
    String url = "https://ghcr.io/v2/myorg/images/lab/tool/blobs/" + Digest.sha256(image);
    scenario.onMain().write("lab/tool/manifests/latest/README.md", ManifestPage.render(new Manifest(
        Namespace.parse("lab/tool"), Tag.of("latest"), Digest.sha256(image), image.length, URI.create(url),
        new Manifest.Provenance("Singularity", Digest.sha256(image), "scratch", Instant.EPOCH, Optional.empty(),
            Optional.empty(), Map.of())))).commit();
    Path out = work.resolve("site");
    render(out);
    String page = Files.readString(out.resolve("lab/tool/index.html"));
    assertThat(page.indexOf("apptainer pull oras://ghcr.io/myorg/images/lab/tool:latest"))
        .isPositive().isLessThan(page.indexOf("skiff pull myorg.github.io/registry/lab/tool:latest"));
    assertThat(page).doesNotContain("curl -fL").doesNotContain("shub://");
  }
}
