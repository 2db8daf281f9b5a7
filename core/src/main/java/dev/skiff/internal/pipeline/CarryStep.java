package dev.skiff.internal.pipeline;

import dev.skiff.internal.incremental.BuildDecision;
import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StoredBlob;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * Carries the published manifest of an unchanged recipe into the run, with the URL the storage
 * gives its blob now (a changed base URL rewrites the page).
 */
final class CarryStep {
  private final Storage storage;
  private final Namespace namespace;

  CarryStep(Storage storage, Namespace namespace) {
    this.storage = storage;
    this.namespace = namespace;
  }

  /** The decision for an unchanged recipe whose manifest cannot be carried: it is built. */
  static BuildDecision buildInstead(BuildDecision unchanged) {
    return unchanged.buildAnyway("its image is not in storage");
  }

  /** The manifest; empty when the URL is new and the blob is not there (a new bucket), so the recipe is built. */
  Optional<Manifest> call(BuildDecision decision) throws InterruptedException {
    Manifest published = decision.published().orElseThrow();
    BlobKey key = new BlobKey(namespace, published.digest());
    URI url = storage.publicUrl(key);
    if (!url.equals(published.url())) {
      try {
        Optional<StoredBlob> blob = storage.stat(key);
        if (blob.isEmpty() || blob.get().size() != published.size()) {
          return Optional.empty();
        }
      } catch (SkiffException | IOException e) {
        return Optional.empty();
      }
    }
    return Optional.of(new Manifest(published.namespace(), published.tag(), published.digest(), published.size(), url,
        published.provenance()));
  }
}
