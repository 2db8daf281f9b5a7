package dev.skiff.internal.pipeline;

import dev.skiff.model.Manifest;
import dev.skiff.model.Recipe;
import dev.skiff.model.SourceInfo;
import java.time.Instant;

/** Writes the registry's record of a stored image: digest, size, URL and provenance. */
final class ManifestStep {
  private final Recipe recipe;
  private final ImageInStorage image;
  private final String builderName;
  private final SourceInfo source;
  private final Instant created;

  ManifestStep(Recipe recipe, ImageInStorage image, String builderName, SourceInfo source, Instant created) {
    this.recipe = recipe;
    this.image = image;
    this.builderName = builderName;
    this.source = source;
    this.created = created;
  }

  Manifest call() {
    var provenance = new Manifest.Provenance(recipe.path().toString().replace('\\', '/'), recipe.digest(),
        builderName, created, source.repository(), source.commit(), recipe.labels());
    return new Manifest(image.key().namespace(), recipe.tag(), image.key().digest(), image.size(), image.url(),
        provenance);
  }
}
