package dev.skiff.spi;

import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.SourceInfo;
import dev.skiff.model.Tag;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The manifests of one run, all of one namespace.
 *
 * @param namespace the namespace whose folder is updated
 * @param manifests one per tag this run publishes: those it built, and those it skipped as
 *     unchanged (their pages are rewritten only where they would differ, such as a new URL)
 * @param source the source repository and commit
 * @param description the collection's description, when the source repository sets one
 * @param log lines for the user
 * @param sourceTags every tag the source repository has now (built, skipped, failed or frozen):
 *     the pages of other tags are removed. Empty: no page is removed
 *     ({@code publisher.keep-removed-tags}, or a run that did not see the whole repository)
 */
public record PublishRequest(
    Namespace namespace,
    List<Manifest> manifests,
    SourceInfo source,
    Optional<String> description,
    Log log,
    Optional<Set<Tag>> sourceTags) {

  /** Checks that every manifest is of the namespace (and of the source's tags, when given). */
  public PublishRequest {
    manifests = List.copyOf(manifests);
    sourceTags = sourceTags.map(Set::copyOf);
    for (var m : manifests) {
      if (!m.namespace().equals(namespace)) {
        throw new IllegalArgumentException(m.ref() + " is not in namespace " + namespace);
      }
      if (sourceTags.isPresent() && !sourceTags.get().contains(m.tag())) {
        throw new IllegalArgumentException(m.ref() + " is published, but its tag is not among the source's tags");
      }
    }
  }

  /** A request that removes no page. */
  public PublishRequest(Namespace namespace, List<Manifest> manifests, SourceInfo source, Optional<String> description,
      Log log) {
    this(namespace, manifests, source, description, log, Optional.empty());
  }
}
