package dev.skiff.spi;

import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.SourceInfo;
import java.util.List;
import java.util.Optional;

/**
 * The manifests of one run, all of one namespace.
 *
 * @param namespace the namespace whose folder is updated
 * @param manifests one per tag built in this run
 * @param source the source repository and commit
 * @param description the collection's description, when the source repository sets one
 * @param log lines for the user
 */
public record PublishRequest(
    Namespace namespace,
    List<Manifest> manifests,
    SourceInfo source,
    Optional<String> description,
    Log log) {

  public PublishRequest {
    manifests = List.copyOf(manifests);
    for (var m : manifests) {
      if (!m.namespace().equals(namespace)) {
        throw new IllegalArgumentException(m.ref() + " is not in namespace " + namespace);
      }
    }
  }
}
