package dev.skiff.registry.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import dev.skiff.model.Digest;
import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;
import dev.skiff.registry.CollectionPage;
import dev.skiff.registry.ManifestPage;
import dev.skiff.registry.verify.RegistryScenario;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * The site's history, feeds, badges and source links over a registry whose {@code latest} moved
 * three times, with a namespace that was removed and pages whose provenance is hostile: the feeds
 * are read by Rome (an Atom parser of its own), the badges by the JDK's XML parser.
 */
class SiteHistoryTest {
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final List<Instant> TIMES = List.of(Instant.parse("2026-10-01T08:00:00Z"),
      Instant.parse("2026-10-15T09:30:00Z"), Instant.parse("2026-11-02T10:00:00Z"), Instant.parse("2026-11-28T17:45:00Z"));

  @TempDir
  Path registry;

  @TempDir
  Path work;

  Path site;

  static String page(String namespace, String tag, int seed, String repository, String recipe, String commit,
      String buildRun) {
    byte[] image = ("image " + namespace + ":" + tag + " " + seed).getBytes();
    return ManifestPage.render(new Manifest(Namespace.parse(namespace), Tag.of(tag), Digest.sha256(image),
        4096L * seed, URI.create("https://blobs.example.org/" + Digest.sha256(image).hex() + ".sif"),
        new Manifest.Provenance(recipe, Digest.sha256(image), "scratch", Instant.EPOCH, Optional.of(repository),
            Optional.of(commit), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of(URI.create(buildRun)))));
  }

  static Digest digest(String namespace, String tag, int seed) {
    return Digest.sha256(("image " + namespace + ":" + tag + " " + seed).getBytes());
  }

  @BeforeEach
  void registryWithHistory() throws Exception {
    try (RegistryScenario scenario = new RegistryScenario(registry)) {
      scenario.onMain()
          .write("lab/tool/README.md", CollectionPage.render("Tools"))
          .write("lab/tool/manifests/latest/README.md", page("lab/tool", "latest", 1, "https://github.com/lab/tool",
              "tools/Singularity", COMMIT, "https://github.com/lab/tool/actions/runs/1"))
          .write("grp/proj/manifests/latest/README.md", page("grp/proj", "latest", 1, "https://gitlab.com/grp/proj.git",
              "Singularity", COMMIT, "https://gitlab.com/grp/proj/-/pipelines/7"))
          .write("other/host/manifests/latest/README.md", page("other/host", "latest", 1,
              "https://git.example.org/other/host", "Singularity", COMMIT, "https://ci.example.org/run/1"))
          .write("evil/ns/manifests/latest/README.md", page("evil/ns", "latest", 1, "javascript:alert(1)",
              "\"><script>alert(3)</script>", "not-a-commit", "javascript:alert(2)"))
          .write("old/gone/manifests/latest/README.md", page("old/gone", "latest", 1, "https://github.com/old/gone",
              "Singularity", COMMIT, "https://ci.example.org/run/0"))
          .at(TIMES.get(0)).commit();
      for (int seed = 2; seed <= 4; seed++) {
        RegistryScenario.Edit edit = scenario.onMain().write("lab/tool/manifests/latest/README.md", page("lab/tool",
            "latest", seed, "https://github.com/lab/tool", "tools/Singularity", COMMIT,
            "https://github.com/lab/tool/actions/runs/" + seed));
        if (seed == 3) {
          edit.delete("old/gone/manifests/latest/README.md");
        }
        edit.at(TIMES.get(seed - 1)).commit();
      }
    }
    site = work.resolve("site");
    SiteRenderer.render(SiteRequest.of(registry.toString(), site).withBaseUrl("https://registry.example.org/"));
  }

  @Test
  void theHistoryShowsEveryImageATagPointedAtNewestFirst() throws Exception {
    String history = Files.readString(site.resolve("lab/tool/history.html"));
    String latest = history.substring(history.indexOf("id=\"history-latest\""));
    assertThat(latest.split("<tr>", -1)).as("a header and four images").hasSize(6);
    int previous = -1;
    for (int seed = 4; seed >= 1; seed--) {
      int at = latest.indexOf(digest("lab/tool", "latest", seed).toString());
      assertThat(at).as("image %d", seed).isGreaterThan(previous);
      previous = at;
    }
    assertThat(latest).contains("2026-11-28 17:45 UTC <span class=\"tag\">current</span>").contains("2026-10-01 08:00 UTC");
    assertThat(Files.readString(site.resolve("lab/tool/index.html")))
        .contains("3 earlier images, the last from 2026-11-02 10:00 UTC");
  }

  @Test
  void eachTagLinksItsRecipeAtTheSourceCommitAndTheRunThatBuiltIt() throws Exception {
    assertThat(Files.readString(site.resolve("lab/tool/index.html")))
        .contains("href=\"https://github.com/lab/tool/blob/" + COMMIT + "/tools/Singularity\"")
        .contains("href=\"https://github.com/lab/tool/commit/" + COMMIT + "\"")
        .contains("href=\"https://github.com/lab/tool/actions/runs/4\" rel=\"noopener nofollow\">CI run</a>");
    assertThat(Files.readString(site.resolve("grp/proj/index.html")))
        .contains("href=\"https://gitlab.com/grp/proj/-/blob/" + COMMIT + "/Singularity\"")
        .contains("href=\"https://gitlab.com/grp/proj/-/commit/" + COMMIT + "\"");
    // A host whose URL forms are not known gets its commit and recipe as text.
    String other = Files.readString(site.resolve("other/host/index.html"));
    assertThat(other).doesNotContain("git.example.org/other/host/blob").doesNotContain("git.example.org/other/host/commit")
        .contains("<code>0123456789ab</code>").contains("href=\"https://ci.example.org/run/1\"");
  }

  @Test
  void hostileProvenanceIsInertInPagesFeedsAndBadges() throws Exception {
    String page = Files.readString(site.resolve("evil/ns/index.html"));
    assertThat(page).doesNotContainIgnoringCase("href=\"javascript:").doesNotContain("<script>alert(3)")
        .contains("\"&gt;&lt;script&gt;alert(3)&lt;/script&gt;");
    SyndFeed feed = feed("evil/ns/feed.xml");
    assertThat(feed.getEntries()).singleElement().satisfies(entry -> {
      assertThat(entry.getLink()).isEqualTo("https://registry.example.org/evil/ns/#pull-latest");
      assertThat(entry.getDescription().getValue()).doesNotContain("not-a-commit");
    });
    assertThat(Files.readString(site.resolve("evil/ns/feed.xml"))).doesNotContainIgnoringCase("javascript:");
    badge("evil/ns/badge.svg");
  }

  @Test
  void feedsAreAtomThatAReaderFollows() throws Exception {
    SyndFeed namespace = feed("lab/tool/feed.xml");
    assertThat(namespace.getFeedType()).isEqualTo("atom_1.0");
    assertThat(namespace.getEntries()).extracting(SyndEntry::getTitle).containsOnly("lab/tool:latest").hasSize(4);
    SyndEntry newest = namespace.getEntries().get(0);
    assertThat(newest.getUpdatedDate().toInstant()).isEqualTo(TIMES.get(3));
    assertThat(newest.getDescription().getValue()).contains(digest("lab/tool", "latest", 4).toString())
        .contains("source commit " + COMMIT);
    assertThat(newest.getLink()).isEqualTo("https://registry.example.org/lab/tool/#pull-latest");
    assertThat(namespace.getEntries()).extracting(SyndEntry::getUri).doesNotHaveDuplicates();

    SyndFeed registryFeed = feed("feed.xml");
    assertThat(registryFeed.getEntries()).extracting(SyndEntry::getTitle)
        .containsExactly("lab/tool:latest", "evil/ns:latest", "grp/proj:latest", "other/host:latest");
    assertThat(registryFeed.getEntries().get(0).getDescription().getValue())
        .contains(digest("lab/tool", "latest", 4).toString());
    assertThat(Files.readString(site.resolve("lab/tool/index.html")))
        .contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"New images\" href=\"feed.xml\">");
  }

  @Test
  void theBadgeIsSvgWithTheLatestTagAndItsReadmeMarkdownIsOnThePage() throws Exception {
    Document svg = badge("lab/tool/badge.svg");
    assertThat(svg.getDocumentElement().getTextContent()).contains("latest").contains("16.0 KiB | 2026-11-28");
    assertThat(Files.readString(site.resolve("lab/tool/index.html"))).contains("[![lab/tool]"
        + "(https://registry.example.org/lab/tool/badge.svg)](https://registry.example.org/lab/tool/)");
  }

  @Test
  void aRemovedNamespaceLeavesNoPageNorListing() throws Exception {
    assertThat(site.resolve("old")).doesNotExist();
    assertThat(Files.readString(site.resolve("index.html"))).doesNotContain("old/gone");
    assertThat(Files.readString(site.resolve("feed.xml"))).doesNotContain("old/gone");
    assertThat(Files.readString(site.resolve("index.html"))).contains("<a href=\"lab/\">lab</a>")
        .contains("<a href=\"lab/tool/#pull-latest\">lab/tool:latest</a>");
    assertThat(Files.readString(site.resolve("lab/index.html"))).contains("<a href=\"tool/\">lab/tool</a>")
        .contains("updated 2026-11-28");
  }

  private SyndFeed feed(String path) throws Exception {
    return new SyndFeedInput().build(new StringReader(Files.readString(site.resolve(path))));
  }

  private Document badge(String path) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document svg = factory.newDocumentBuilder().parse(new InputSource(new StringReader(Files.readString(site.resolve(path)))));
    assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
    assertThat(svg.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
    assertThat(svg.getElementsByTagNameNS("*", "script").getLength()).isZero();
    assertThat(svg.getElementsByTagNameNS("*", "a").getLength()).isZero();
    return svg;
  }
}
