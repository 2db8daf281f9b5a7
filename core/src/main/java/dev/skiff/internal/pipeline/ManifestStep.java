package dev.skiff.internal.pipeline;

import dev.skiff.model.Digest;
import dev.skiff.model.Manifest;
import dev.skiff.model.Recipe;
import dev.skiff.model.SourceInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Writes the registry's record of a stored image: digest, size, URL and provenance. */
final class ManifestStep {
  private final Recipe recipe;
  private final ImageInStorage image;
  private final String builderName;
  private final SourceInfo source;
  private final Instant created;
  private final Digest inputDigest;
  private final Instant built;
  private final Optional<String> signer;

  ManifestStep(Recipe recipe, ImageInStorage image, String builderName, SourceInfo source, Instant created,
      Digest inputDigest, Instant built, Optional<String> signer) {
    this.signer = signer;
    this.inputDigest = inputDigest;
    this.built = built;
    this.recipe = recipe;
    this.image = image;
    this.builderName = builderName;
    this.source = source;
    this.created = created;
  }

  Manifest call() {
    var provenance = new Manifest.Provenance(recipe.path().toString().replace('\\', '/'), recipe.digest(),
        builderName, created, source.repository(), source.commit(), recipe.labels(), Optional.of(inputDigest),
        Optional.of(built.truncatedTo(ChronoUnit.SECONDS)), signer, source.buildUrl());
    return new Manifest(image.key().namespace(), recipe.tag(), image.key().digest(), image.size(), image.url(),
        provenance);
  }
}
