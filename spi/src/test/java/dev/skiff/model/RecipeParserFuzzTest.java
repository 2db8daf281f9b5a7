package dev.skiff.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The recipe parser over any text a repository may hold: it returns a recipe or refuses with a
 * {@link RecipeException} naming the file and line; nothing else escapes (every other exception,
 * a hang or a stack overflow is a finding). Runs the checked-in corpus in every build; {@code
 * .ci/fuzz} fuzzes it for a bounded time.
 */
class RecipeParserFuzzTest {
  private static final Path ROOT = Path.of("/repo");
  private static final Path RECIPE = Path.of("tools/Singularity.dev");

  @FuzzTest(maxDuration = "2m")
  void parsesOrRefusesWithTheLine(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      Recipe recipe = RecipeParser.parse(ROOT, RECIPE, Tag.of("dev"), text);
      assertThat(recipe.tag()).isEqualTo(Tag.of("dev"));
    } catch (RecipeException refused) {
      assertThat(refused.getMessage()).startsWith(RECIPE.toString()).doesNotContain("\n");
    }
  }
}
