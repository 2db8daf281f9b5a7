package dev.skiff.registry;

import dev.skiff.model.Manifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The page of one tag, {@code <ns>/manifests/<tag>/README.md}: the fields the existing registry
 * sites render as the manifest JSON (size in bytes, digest, layers), then Skiff's provenance. The
 * keys are named here once, for the writer and for every reader.
 */
public final class ManifestPage {
  public static final String LAYOUT = "manifests/singularity";
  public static final String SIZE = "size";
  public static final String DIGEST = "digest";
  public static final String LAYERS = "layers";
  /** A layer's download URL; a layer has {@link #SIZE} and {@link #DIGEST} too. */
  public static final String URL = "url";
  /** Skiff's provenance, a mapping of its own so that the site's keys stay as the existing sites know them. */
  public static final String SKIFF = "skiff";

  private ManifestPage() {}

  public static String render(Manifest manifest) {
    Map<String, Object> layer = new LinkedHashMap<>();
    layer.put(SIZE, manifest.size());
    layer.put(DIGEST, manifest.digest().toString());
    layer.put(URL, manifest.url().toString());

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
      skiff.put("labels", new TreeMap<>(provenance.labels()));
    }

    Map<String, Object> page = new LinkedHashMap<>();
    page.put(FrontMatter.LAYOUT, LAYOUT);
    page.put(SIZE, manifest.size());
    page.put(DIGEST, manifest.digest().toString());
    page.put(LAYERS, List.of(layer));
    page.put(SKIFF, skiff);
    return FrontMatter.render(page);
  }

  /** The image digest a page records, if it is a manifest page. */
  public static Optional<String> digestOf(String page) {
    return FrontMatter.parse(page).map(node -> node.path(DIGEST).asText(null));
  }
}
