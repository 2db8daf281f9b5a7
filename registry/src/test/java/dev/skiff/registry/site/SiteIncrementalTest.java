package dev.skiff.registry.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.registry.CollectionPage;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.registry.verify.RegistryScenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An update over an earlier render writes the same bytes as a whole render of the same revision,
 * whatever the commits between them did: random histories of added, changed and deleted tags and
 * namespaces (whole namespaces removed and others added, as a rename does), descriptions, unreadable
 * pages, and pages under names that are no namespaces ({@code api/container}, {@code v2/lab},
 * {@code lab/_hidden}).
 */
class SiteIncrementalTest {
  @TempDir
  Path work;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void anUpdateEqualsAWholeRender(long seed) throws Exception {
    Random random = new Random(seed);
    Path registry = work.resolve("registry");
    Path updated = work.resolve("updated");
    try (RegistryScenario scenario = new RegistryScenario(registry)) {
      TreeSet<String> pages = new TreeSet<>();
      edit(scenario, random, pages, 12);
      SiteRenderer.render(SiteRequest.of(registry.toString(), updated));
      for (int step = 0; step < 6; step++) {
        String commit = edit(scenario, random, pages, 1 + random.nextInt(4));
        SiteReport update = SiteRenderer.render(SiteRequest.of(registry.toString(), updated));
        Path whole = work.resolve("whole-" + step);
        SiteReport full = SiteRenderer.render(SiteRequest.of(registry.toString(), whole));
        assertThat(update.incremental()).isTrue();
        assertThat(update.revision()).isEqualTo(commit).isEqualTo(full.revision());
        assertThat(update.skipped()).isEqualTo(full.skipped());
        Map<String, String> expected = SiteRendererTest.files(whole);
        Map<String, String> actual = SiteRendererTest.files(updated);
        assertThat(SiteRendererTest.names(actual)).as("seed %d, step %d", seed, step)
            .isEqualTo(SiteRendererTest.names(expected));
        assertThat(actual).as("seed %d, step %d", seed, step).isEqualTo(expected);
      }
    }
  }

  @Test
  void sinceNamesTheRevisionTheEarlierRenderHolds() throws Exception {
    Path registry = work.resolve("registry");
    Path out = work.resolve("out");
    try (RegistryScenario scenario = new RegistryScenario(registry)) {
      String first = scenario.onMain().write("a/one/manifests/latest/README.md",
          SiteRendererTest.page("a/one", "latest", 1, Map.of())).commit();
      SiteRenderer.render(SiteRequest.of(registry.toString(), out));
      scenario.onMain().write("b/two/manifests/x/README.md", SiteRendererTest.page("b/two", "x", 2, Map.of())).commit();
      SiteReport report = SiteRenderer.render(SiteRequest.of(registry.toString(), out).withSince(first));
      assertThat(report.incremental()).isTrue();
      assertThat(report.rendered()).isEqualTo(1);
      assertThat(report.namespaces()).isEqualTo(2);
    }
  }

  /** Commits a few random edits; {@code pages} tracks the manifest pages that exist. */
  private static String edit(RegistryScenario scenario, Random random, TreeSet<String> pages, int edits)
      throws Exception {
    // Owners and names the site uses itself, or hosts do not serve, stand among them: they are no namespaces.
    String[] owners = {"lab", "mylab", "core-team", "api", "v2", "API"};
    String[] names = {"tool", "tool-x", "tool.x", "base", "container", "_hidden", ".well-known"};
    String[] tags = {"latest", "v1", "v1.0", "gpu"};
    RegistryScenario.Edit edit = scenario.onMain();
    for (int i = 0; i < edits; i++) {
      String namespace = owners[random.nextInt(owners.length)] + "/" + names[random.nextInt(names.length)];
      String page = namespace + "/manifests/" + tags[random.nextInt(tags.length)] + "/README.md";
      switch (random.nextInt(6)) {
        case 0, 1 -> {
          // A page under a name that is no namespace holds what an attacker would copy there: a valid page.
          String content = RegistryLayout.namespaceOf(page).isPresent() ? namespace : "lab/tool";
          edit.write(page, SiteRendererTest.page(content, page.split("/")[3], random.nextInt(1000),
              Map.of("Version", Integer.toString(random.nextInt(5)))));
          pages.add(page);
        }
        case 2 -> {
          if (!pages.isEmpty()) {
            String gone = new ArrayList<>(pages).get(random.nextInt(pages.size()));
            edit.delete(gone);
            pages.remove(gone);
          }
        }
        case 3 -> edit.write(namespace + "/README.md", CollectionPage.render("about " + random.nextInt(100)));
        case 4 -> edit.write(page, "---\nnot: [a manifest\n---\n");
        default -> {
          List<String> all = new ArrayList<>(pages);
          all.stream().filter(p -> p.startsWith(namespace + "/")).forEach(p -> {
            edit.delete(p);
            pages.remove(p);
          });
          edit.delete(namespace + "/README.md");
        }
      }
    }
    return edit.commit();
  }
}
