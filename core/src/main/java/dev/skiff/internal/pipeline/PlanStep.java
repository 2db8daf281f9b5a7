package dev.skiff.internal.pipeline;

import dev.skiff.Discovery;
import dev.skiff.internal.incremental.BuildDecision;
import dev.skiff.internal.incremental.BuildInputs;
import dev.skiff.internal.incremental.RebuildPolicy;
import dev.skiff.model.Manifest;
import dev.skiff.model.Recipe;
import dev.skiff.model.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides, recipe by recipe, what a run builds: the digest of each build's inputs against the one
 * the registry records for its tag, and the rebuild policy.
 */
final class PlanStep {
  private final String builder;
  private final SortedMap<String, String> builderSettings;
  private final RebuildPolicy policy;
  private final Instant now;

  /**
   * @param builder the builder's name
   * @param builderSettings the values of the settings that change what the builder makes
   */
  PlanStep(String builder, SortedMap<String, String> builderSettings, RebuildPolicy policy, Instant now) {
    this.builder = builder;
    this.builderSettings = builderSettings;
    this.policy = policy;
    this.now = now;
  }

  List<BuildDecision> call(Discovery discovery, List<Manifest> published) {
    Map<Tag, Manifest> byTag = published.stream().collect(Collectors.toMap(Manifest::tag, Function.identity(),
        (a, b) -> a));
    List<BuildDecision> decisions = new ArrayList<>();
    for (Recipe recipe : discovery.recipes()) {
      BuildInputs inputs = BuildInputs.of(recipe, builder, builderSettings);
      decisions.add(BuildDecision.decide(recipe, inputs, Optional.ofNullable(byTag.get(recipe.tag())), policy, now));
    }
    return decisions;
  }
}
