package dev.skiff.internal.pipeline;

import dev.skiff.internal.incremental.BuildDecision;
import dev.skiff.internal.shard.Shard;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a run's decisions split across shards: every N-th recipe to build, and every N-th unchanged
 * one, in path order, so that shards share the builds evenly and every machine deals them alike.
 */
final class SplitPlan {
  private SplitPlan() {}

  /** This shard's decisions; all of them when the run is not split. */
  static List<BuildDecision> share(Optional<Shard> shard, List<BuildDecision> decisions) {
    if (shard.isEmpty()) {
      return decisions;
    }
    List<BuildDecision> mine = new ArrayList<>(shard.get().share(builds(decisions, true)));
    mine.addAll(shard.get().share(builds(decisions, false)));
    return mine;
  }

  /**
   * The whole split as text, one line per recipe: its path, tag and shard. Every shard of a run
   * writes it, and the fan-in refuses shards whose lines differ.
   */
  static List<String> describe(int total, List<BuildDecision> decisions) {
    List<String> lines = new ArrayList<>();
    for (int index = 1; index <= total; index++) {
      Shard each = new Shard(index, total);
      for (boolean build : new boolean[] {true, false}) {
        for (BuildDecision decision : each.share(builds(decisions, build))) {
          lines.add(decision.recipe().path() + " -> " + decision.recipe().tag() + " @ " + each
              + (build ? " (build)" : ""));
        }
      }
    }
    lines.sort(null);
    return lines;
  }

  private static List<BuildDecision> builds(List<BuildDecision> decisions, boolean build) {
    return decisions.stream().filter(decision -> decision.build() == build).toList();
  }
}
