package dev.skiff.registry.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.registry.FrontMatter;
import dev.skiff.registry.InvalidPageException;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.registry.pull.PullReference;
import dev.skiff.registry.verify.RegistryRules;
import dev.skiff.spi.SkiffException;
import java.util.Optional;

/**
 * The parsers of what a pull request or a user hands to the registry side: page front matter, the
 * rules file, paths and branch names, and pull references. Each returns a value or refuses with
 * its documented exception, in one line; nothing else escapes. Runs the checked-in corpus in every
 * build; {@code .ci/fuzz} fuzzes each for a bounded time.
 */
class RegistryParsersFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void frontMatterIsReadOrRefused(FuzzedDataProvider data) {
    String page = data.consumeRemainingAsString();
    try {
      JsonNode front = FrontMatter.read(page);
      assertThat(front.isObject()).isTrue();
      // The body is what follows the front matter: never longer than the page.
      assertThat(FrontMatter.body(page).length()).isLessThan(page.length());
    } catch (InvalidPageException refused) {
      assertThat(refused.getMessage()).doesNotContain("\n");
    }
    // What verify reads as Jekyll does is what every reader reads, and a refusal is one line.
    try {
      assertThat(FrontMatter.readAsJekyll(page)).isEqualTo(FrontMatter.read(page));
    } catch (InvalidPageException refused) {
      assertThat(refused.getMessage()).doesNotContain("\n");
    }
  }

  @FuzzTest(maxDuration = "2m")
  void rulesAreReadOrRefused(FuzzedDataProvider data) {
    try {
      RegistryRules rules = RegistryRules.parse(data.consumeRemainingAsString());
      assertThat(rules.maxFileSize()).isPositive();
      assertThat(rules.branchPrefix()).isNotBlank();
    } catch (SkiffException refused) {
      assertThat(refused.getMessage()).startsWith(RegistryRules.FILE).doesNotContain("\n");
    }
  }

  @FuzzTest(maxDuration = "2m")
  void pathsAndBranchesAreParsedWithoutFailing(FuzzedDataProvider data) {
    String prefix = data.consumeString(16);
    String text = data.consumeRemainingAsString();
    RegistryLayout.parse(text).ifPresent(page -> assertThat(text).startsWith(page.namespace().toString() + "/"));
    RegistryLayout.namespaceOf(text);
    RegistryLayout.namespaceOfBranch(prefix, text);
  }

  @FuzzTest(maxDuration = "2m")
  void pullReferencesAreParsedOrRefused(FuzzedDataProvider data) {
    boolean withSite = data.consumeBoolean();
    String site = data.consumeString(40);
    String reference = data.consumeRemainingAsString();
    try {
      PullReference parsed = PullReference.parse(reference, withSite ? Optional.of(site) : Optional.empty());
      assertThat(parsed.shortName()).isNotBlank();
    } catch (SkiffException refused) {
      assertThat(refused.getMessage()).doesNotContain("\n");
    }
  }
}
