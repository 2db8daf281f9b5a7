package dev.skiff.internal.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.Digest;
import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.Recipe;
import dev.skiff.model.RecipeParser;
import dev.skiff.model.Tag;
import dev.skiff.spi.SkiffException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuildDecisionTest {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  static final Digest INPUTS = Digest.sha256("inputs".getBytes());
  final Recipe recipe;

  BuildDecisionTest() throws Exception {
    recipe = RecipeParser.parse(Path.of("/repo"), Path.of("Singularity.v1"), Tag.of("v1"), "Bootstrap: scratch\n");
  }

  static Manifest published(Optional<Digest> inputs, Instant built) {
    var provenance = new Manifest.Provenance("Singularity.v1", INPUTS, "scratch", Instant.EPOCH, Optional.empty(),
        Optional.empty(), Map.of(), inputs, Optional.of(built));
    return new Manifest(new Namespace("lab", "tools"), Tag.of("v1"), INPUTS, 10, URI.create("https://b/x"), provenance);
  }

  BuildDecision decide(Optional<Manifest> published, RebuildPolicy policy) {
    return BuildDecision.decide(recipe, new BuildInputs(INPUTS, List.of("Singularity.v1")), published, policy, NOW);
  }

  @Test
  void anUnchangedRecipeIsNotBuilt() {
    BuildDecision decision = decide(Optional.of(published(Optional.of(INPUTS), NOW)), RebuildPolicy.NONE);
    assertThat(decision.build()).isFalse();
    assertThat(decision.reason()).isEqualTo("unchanged");
  }

  @Test
  void aNewTagChangedInputsOrAPageWithoutInputsIsBuilt() {
    assertThat(decide(Optional.empty(), RebuildPolicy.NONE).reason()).isEqualTo("not in the registry");
    assertThat(decide(Optional.of(published(Optional.of(Digest.sha256(new byte[0])), NOW)), RebuildPolicy.NONE)
        .reason()).isEqualTo("inputs changed");
    assertThat(decide(Optional.of(published(Optional.empty(), NOW)), RebuildPolicy.NONE).reason())
        .isEqualTo("the registry records no input digest");
  }

  @Test
  void rebuildNamesAllOrSomeTags() throws Exception {
    Optional<Manifest> page = Optional.of(published(Optional.of(INPUTS), NOW));
    assertThat(decide(page, RebuildPolicy.parse(Optional.of("all"), Optional.empty(), "test")).build()).isTrue();
    assertThat(decide(page, RebuildPolicy.parse(Optional.of("v0, v1"), Optional.empty(), "test")).build()).isTrue();
    assertThat(decide(page, RebuildPolicy.parse(Optional.of("v2"), Optional.empty(), "test")).build()).isFalse();
  }

  @Test
  void rebuildAfterCountsFromTheLastBuild() {
    RebuildPolicy monthly = new RebuildPolicy(false, Set.of(), Optional.of(Duration.ofDays(30)));
    assertThat(decide(Optional.of(published(Optional.of(INPUTS), NOW.minus(Duration.ofDays(29)))), monthly).build())
        .isFalse();
    BuildDecision old = decide(Optional.of(published(Optional.of(INPUTS), NOW.minus(Duration.ofDays(31)))), monthly);
    assertThat(old.build()).isTrue();
    assertThat(old.reason()).isEqualTo("built 2026-10-30T12:00:00Z, more than 30d ago (rebuild-after)");
  }

  @Test
  void aRebuildTagThatIsNoTagIsRefused() {
    assertThatThrownBy(() -> RebuildPolicy.parse(Optional.of("v1,no/tag"), Optional.empty(), "--rebuild-tag"))
        .isInstanceOf(SkiffException.class)
        .hasMessageStartingWith("setting 'rebuild' (from --rebuild-tag): ");
  }
}
