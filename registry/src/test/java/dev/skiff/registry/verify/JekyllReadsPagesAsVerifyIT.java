package dev.skiff.registry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.registry.FrontMatter;
import dev.skiff.model.Digest;
import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;
import dev.skiff.registry.InvalidPageException;
import dev.skiff.registry.ManifestPage;
import dev.skiff.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify and Jekyll read pages alike: a corpus of pages ({@link FrontMatterCorpus}) is built into
 * a site by Jekyll itself (Debian's jekyll 4.3.1, as GitHub Pages runs it), with a plugin that
 * reports what Jekyll read; every page verify accepts must have, for Jekyll, the same front
 * matter, the same values of the same types, and no body. The suite runs a fixed corpus;
 * {@code .ci/fuzz} runs a larger one from another seed ({@code -Dskiff.jekyll.pages},
 * {@code -Dskiff.jekyll.seed}).
 */
class JekyllReadsPagesAsVerifyIT {
  private static final int PAGES = Integer.getInteger("skiff.jekyll.pages", 1500);
  private static final long SEED = Long.getLong("skiff.jekyll.seed", 1);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @TempDir Path dir;

  @Test
  void everyPageVerifyAcceptsJekyllReadsTheSameWay() throws Exception {
    List<String> pages = new ArrayList<>();
    pages.add(FrontMatterCorpus.honest());
    pages.addAll(new FrontMatterCorpus(SEED).pages(PAGES));
    // Only the pages verify accepts go to Jekyll: one page Jekyll cannot read stops its whole build
    // (front matter that is no mapping does), and the pages refused need no second opinion.
    Map<String, String> accepted = new LinkedHashMap<>();
    Map<String, JsonNode> verified = new HashMap<>();
    for (int i = 0; i < pages.size(); i++) {
      int index = i;
      accepted(pages.get(i), path(i)).ifPresent(node -> {
        accepted.put(path(index), pages.get(index));
        verified.put(path(index), node);
      });
    }
    Map<String, JsonNode> jekyll = build(accepted);

    List<String> disagreements = new ArrayList<>();
    for (Map.Entry<String, String> page : accepted.entrySet()) {
      String path = page.getKey();
      JsonNode read = jekyll.get(path);
      if (read == null) {
        disagreements.add(path + ": Jekyll finds no front matter " + shown(page.getValue()));
      } else if (!floatsInJava(read.get("data")).equals(typed(verified.get(path)))) {
        disagreements.add(path + ": Jekyll reads " + read.get("data") + ", verify " + typed(verified.get(path)) + " "
            + shown(page.getValue()));
      } else if (!read.get("body").asText().matches("[ \\t\\r\\n]*")) {
        disagreements.add(path + ": Jekyll renders a body " + JSON.writeValueAsString(read.get("body").asText()) + " "
            + shown(page.getValue()));
      }
    }
    System.out.printf("Jekyll differential, seed %d: %d pages, %d accepted by verify, %d refused, %d read differently%n",
        SEED, pages.size(), accepted.size(), pages.size() - accepted.size(), disagreements.size());
    assertThat(disagreements).isEmpty();
    assertThat(accepted).as("the honest page").containsKey(path(0));
    // A corpus verify refuses whole would prove nothing: a good share of its pages must pass.
    assertThat(accepted.size()).isGreaterThan(pages.size() / 5);
  }

  @Test
  void jekyllReadsThePagesSkiffWritesAsSkiffDoesWhateverTheirTextLooksLike() throws Exception {
    List<String> pages = new ArrayList<>();
    for (String text : FrontMatterCorpus.scalars()) {
      Map<String, String> labels = text.isBlank() ? Map.of("Version", text) : Map.of("Version", text, text, "key");
      pages.add(ManifestPage.render(new Manifest(Namespace.parse("lab/tool"), Tag.of("latest"), Digest.sha256(new byte[1]),
          4096, URI.create("https://blobs.example.org/lab/tool/latest.sif"), new Manifest.Provenance("Singularity",
              Digest.sha256(new byte[2]), "scratch", Instant.parse("2026-11-27T21:29:35Z"), Optional.of("https://github.com/lab/tool"),
              Optional.empty(), labels, Optional.empty(), Optional.of(Instant.parse("2026-11-28T00:00:00.5Z"))))));
    }
    Map<String, String> byPath = new LinkedHashMap<>();
    for (int i = 0; i < pages.size(); i++) {
      byPath.put(path(i), pages.get(i));
    }
    Map<String, JsonNode> jekyll = build(byPath);
    for (int i = 0; i < pages.size(); i++) {
      String page = pages.get(i);
      JsonNode verified = accepted(page, path(i)).orElseThrow(() -> new AssertionError("verify refuses a page Skiff wrote: "
          + new PageChecks(RegistryRules.defaults()).check(change(page, "lab/tool/manifests/latest/README.md")) + "\n" + page));
      assertThat(floatsInJava(jekyll.get(path(i)).get("data"))).as(page).isEqualTo(typed(verified));
    }
  }

  @Test
  void aPageWhoseClosingFenceFollowsALoneCarriageReturnIsRefusedForJekyllRendersItAsMarkdown() throws Exception {
    String honest = FrontMatterCorpus.honest();
    String attack = honest.replace("  labels:\n", "  labels:\n    # <img src=\"x\" onerror=\"alert(document.domain)\">\n")
        .replaceFirst("\n---\n$", "\r---\n");
    Map<String, JsonNode> jekyll = build(Map.of(path(0), honest, path(1), attack));

    assertThat(jekyll.get(path(1)).get("data")).isEqualTo(typed(NODES.objectNode()));
    assertThat(Files.readString(dir.resolve("out").resolve(path(1).replace(".md", ".html"))))
        .as("Jekyll renders the page as Markdown, the comment as live HTML")
        .contains("<img src=\"x\" onerror=\"alert(document.domain)\"");
    assertThat(accepted(attack, path(1))).isEmpty();
    assertThat(new PageChecks(RegistryRules.defaults()).check(change(attack, path(1))))
        .extracting(Finding::message).anyMatch(message -> message.contains("U+000D"));
    assertThat(accepted(honest, path(0))).isPresent();
    assertThat(jekyll.get(path(0)).get("data")).isEqualTo(typed(accepted(honest, path(0)).orElseThrow()));
  }

  /** Builds a site of the pages (by path) with Jekyll; returns what it read of each, its data and body, by path. */
  private Map<String, JsonNode> build(Map<String, String> pages) throws IOException, InterruptedException {
    Path source = dir.resolve("src");
    Files.createDirectories(source.resolve("_plugins"));
    Files.createDirectories(source.resolve("_layouts/manifests"));
    try (InputStream plugin = getClass().getResourceAsStream("/jekyll/front_matter_report.rb")) {
      Files.copy(plugin, source.resolve("_plugins/front_matter_report.rb"));
    }
    Files.writeString(source.resolve("_layouts/manifests/singularity.html"), "{{ content }}");
    for (Map.Entry<String, String> page : pages.entrySet()) {
      Path file = source.resolve(page.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, page.getValue());
    }
    Tools.ok(dir, "jekyll", "build", "--quiet", "--source", source.toString(), "--destination", dir.resolve("out").toString());
    Map<String, JsonNode> read = new HashMap<>();
    JSON.readTree(dir.resolve("jekyll-read.json").toFile()).get("pages").fields()
        .forEachRemaining(page -> read.put(page.getKey(), page.getValue()));
    return read;
  }

  private static String path(int index) {
    return String.format("lab/p%05d/manifests/latest/README.md", index);
  }

  /** Verify's reading of the page when it passes every page check, else empty. */
  private static Optional<JsonNode> accepted(String page, String path) {
    List<Finding> findings = new PageChecks(RegistryRules.defaults()).check(change(page, path));
    if (!findings.stream().allMatch(Finding::passed)) {
      return Optional.empty();
    }
    try {
      return Optional.of(FrontMatter.readAsJekyll(page));
    } catch (InvalidPageException e) {
      throw new AssertionError("verify passed a page it cannot read: " + e.getMessage(), e);
    }
  }

  private static Change change(String page, String path) {
    byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
    return new Change(Change.Kind.ADD, path, Optional.of(Change.EntryType.FILE), bytes.length, Optional.of(bytes));
  }

  /** A Jackson tree in the report's terms: each value tagged with the type a Ruby reader would give it. */
  private static JsonNode typed(JsonNode node) {
    ObjectNode tagged = NODES.objectNode();
    if (node.isObject()) {
      ArrayNode entries = tagged.putArray("map");
      node.fields().forEachRemaining(field -> entries.addArray().add(typed(NODES.textNode(field.getKey())))
          .add(typed(field.getValue())));
    } else if (node.isArray()) {
      ArrayNode items = tagged.putArray("seq");
      node.forEach(item -> items.add(typed(item)));
    } else if (node.isTextual()) {
      tagged.put("str", node.asText());
    } else if (node.isIntegralNumber()) {
      tagged.put("int", node.bigIntegerValue().toString());
    } else if (node.isBoolean()) {
      tagged.put("bool", node.booleanValue());
    } else if (node.isNull()) {
      tagged.put("null", true);
    } else if (node.isFloatingPointNumber()) {
      tagged.put("float", Double.toString(node.doubleValue()));
    } else {
      tagged.put(node.getNodeType().name().toLowerCase(java.util.Locale.ROOT), node.asText());
    }
    return tagged;
  }

  /** The report with Ruby's spelling of each float ({@code 1.0e+20}) in Java's, to compare values, not spellings. */
  private static JsonNode floatsInJava(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = NODES.objectNode();
      node.fields().forEachRemaining(field -> copy.set(field.getKey(), field.getKey().equals("float")
          ? NODES.textNode(Double.toString(Double.parseDouble(field.getValue().asText()))) : floatsInJava(field.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      node.forEach(item -> copy.add(floatsInJava(item)));
      return copy;
    }
    return node;
  }

  private static String shown(String page) throws IOException {
    return JSON.writeValueAsString(page);
  }
}
