package dev.skiff.registry;

import dev.skiff.model.Manifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The page of one tag, {@code <ns>/manifests/<tag>/README.md}: the fields the existing registry
 * sites render as the manifest JSON (size in bytes, digest, layers), then Skiff's provenance.
 */
public final class ManifestPage {
  public static final String LAYOUT = "manifests/singularity";

  private ManifestPage() {}

  public static String render(Manifest manifest) {
    Map<String, Object> layer = new LinkedHashMap<>();
    layer.put("size", manifest.size());
    layer.put("digest", manifest.digest().toString());
    layer.put("url", manifest.url().toString());

    Manifest.Provenance provenance = manifest.provenance();
    Map<String, Object> skiff = new LinkedHashMap<>();
    skiff.put("tag", manifest.tag().value());
    skiff.put("recipe", provenance.recipe());
    skiff.put("recipe_digest", provenance.recipeDigest().toString());
    skiff.put("builder", provenance.builder());
    skiff.put("created", provenance.created().toString());
    provenance.sourceRepository().ifPresent(r -> skiff.put("source_repository", r));
    provenance.sourceCommit().ifPresent(c -> skiff.put("source_commit", c));
    if (!provenance.labels().isEmpty()) {
      skiff.put("labels", new java.util.TreeMap<>(provenance.labels()));
    }

    Map<String, Object> page = new LinkedHashMap<>();
    page.put("layout", LAYOUT);
    page.put("size", manifest.size());
    page.put("digest", manifest.digest().toString());
    page.put("layers", List.of(layer));
    page.put("skiff", skiff);
    return FrontMatter.render(page);
  }

  /** The image digest a page records, if it is a manifest page. */
  public static java.util.Optional<String> digestOf(String page) {
    return FrontMatter.parse(page).map(node -> node.path("digest").asText(null));
  }
}
