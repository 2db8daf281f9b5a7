package dev.skiff.internal.incremental;

import dev.skiff.model.Manifest;
import dev.skiff.model.Recipe;
import dev.skiff.support.DurationText;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a recipe is built in this run, and why: what {@code skiff plan} prints and the run
 * follows.
 *
 * @param recipe the recipe
 * @param inputs what its build reads
 * @param build true: build it; false: its published manifest is carried forward
 * @param reason why, in a few words ("inputs changed", "unchanged")
 * @param published what the registry holds for its tag, if Skiff wrote it
 */
public record BuildDecision(Recipe recipe, BuildInputs inputs, boolean build, String reason,
    Optional<Manifest> published) {

  /** Decides by the registry's record of the tag and the rebuild policy, at time {@code now}. */
  public static BuildDecision decide(Recipe recipe, BuildInputs inputs, Optional<Manifest> published,
      RebuildPolicy policy, Instant now) {
    if (published.isEmpty()) {
      return new BuildDecision(recipe, inputs, true, "not in the registry", published);
    }
    Manifest.Provenance provenance = published.get().provenance();
    if (policy.forces(recipe.tag())) {
      return new BuildDecision(recipe, inputs, true, "rebuild asked for", published);
    }
    if (provenance.inputDigest().isEmpty()) {
      return new BuildDecision(recipe, inputs, true, "the registry records no input digest", published);
    }
    if (!provenance.inputDigest().get().equals(inputs.digest())) {
      return new BuildDecision(recipe, inputs, true, "inputs changed", published);
    }
    if (policy.after().isPresent()) {
      Instant built = provenance.built().orElse(provenance.created());
      if (built.plus(policy.after().get()).isBefore(now)) {
        return new BuildDecision(recipe, inputs, true, "built " + built + ", more than "
            + DurationText.format(policy.after().get()) + " ago (rebuild-after)", published);
      }
    }
    return new BuildDecision(recipe, inputs, false, "unchanged", published);
  }

  /** The same recipe, built after all, for {@code reason}. */
  public BuildDecision buildAnyway(String why) {
    return new BuildDecision(recipe, inputs, true, why, published);
  }
}
