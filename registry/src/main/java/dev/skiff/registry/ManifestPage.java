package dev.skiff.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.model.Digest;
import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The page of one tag, {@code <ns>/manifests/<tag>/README.md}: the fields the existing registry
 * sites render as the manifest JSON (size in bytes, digest, layers), then Skiff's provenance. The
 * keys are named here once, for the writer and for every reader.
 */
public final class ManifestPage {
  /** The layout of a manifest's page. */
  public static final String LAYOUT = "manifests/singularity";
  /** The key of a layer's size in bytes. */
  public static final String SIZE = "size";
  /** The key of a layer's digest. */
  public static final String DIGEST = "digest";
  /** The key of the image's layers: one, the SIF file. */
  public static final String LAYERS = "layers";
  /** A layer's download URL; a layer has {@link #SIZE} and {@link #DIGEST} too. */
  public static final String URL = "url";
  /** Skiff's provenance, a mapping of its own so that the site's keys stay as the existing sites know them. */
  public static final String SKIFF = "skiff";
  /** Keys of the {@link #SKIFF} mapping. */
  public static final String TAG = "tag";
  /** The key of the recipe's path in its source. */
  public static final String RECIPE = "recipe";
  /** The key of the recipe's digest. */
  public static final String RECIPE_DIGEST = "recipe_digest";
  /** The key of the builder that built the image. */
  public static final String BUILDER = "builder";
  /** The key of when the image was built. */
  public static final String CREATED = "created";
  /** The key of the source repository's URL. */
  public static final String SOURCE_REPOSITORY = "source_repository";
  /** The key of the source commit. */
  public static final String SOURCE_COMMIT = "source_commit";
  /** The key of the image's labels. */
  public static final String LABELS = "labels";
  /** The key of the digest of every input of the build. */
  public static final String INPUT_DIGEST = "input_digest";
  /** The key of when the image was built (for rebuilding after a time). */
  public static final String BUILT = "built";
  /** The key of the fingerprint of the key that signed the image. */
  public static final String SIGNER = "signer";
  /** The key of the CI run that built the image. */
  public static final String BUILD_RUN = "build_run";
  /** The keys a manifest page has, a layer has, and Skiff's mapping has: every other is refused by verify. */
  public static final Set<String> KEYS = Set.of(FrontMatter.LAYOUT, SIZE, DIGEST, LAYERS, SKIFF);
  /** The keys a layer holds. */
  public static final Set<String> LAYER_KEYS = Set.of(SIZE, DIGEST, URL);
  /** The keys Skiff writes beyond the layers. */
  public static final Set<String> SKIFF_KEYS = Set.of(TAG, RECIPE, RECIPE_DIGEST, BUILDER, CREATED, SOURCE_REPOSITORY,
      SOURCE_COMMIT, LABELS, INPUT_DIGEST, BUILT, SIGNER, BUILD_RUN);

  private ManifestPage() {}

  /** The page of a manifest, as Skiff writes it. */
  public static String render(Manifest manifest) {
    Map<String, Object> layer = new LinkedHashMap<>();
    layer.put(SIZE, manifest.size());
    layer.put(DIGEST, manifest.digest().toString());
    layer.put(URL, manifest.url().toString());

    Manifest.Provenance provenance = manifest.provenance();
    Map<String, Object> skiff = new LinkedHashMap<>();
    skiff.put(TAG, manifest.tag().value());
    skiff.put(RECIPE, provenance.recipe());
    skiff.put(RECIPE_DIGEST, provenance.recipeDigest().toString());
    skiff.put(BUILDER, provenance.builder());
    skiff.put(CREATED, provenance.created().toString());
    provenance.sourceRepository().ifPresent(r -> skiff.put(SOURCE_REPOSITORY, r));
    provenance.sourceCommit().ifPresent(c -> skiff.put(SOURCE_COMMIT, c));
    if (!provenance.labels().isEmpty()) {
      skiff.put(LABELS, new TreeMap<>(provenance.labels()));
    }
    provenance.inputDigest().ifPresent(d -> skiff.put(INPUT_DIGEST, d.toString()));
    provenance.built().ifPresent(b -> skiff.put(BUILT, b.toString()));
    provenance.signer().ifPresent(f -> skiff.put(SIGNER, f));
    provenance.buildRun().ifPresent(u -> skiff.put(BUILD_RUN, u.toString()));

    Map<String, Object> page = new LinkedHashMap<>();
    page.put(FrontMatter.LAYOUT, LAYOUT);
    page.put(SIZE, manifest.size());
    page.put(DIGEST, manifest.digest().toString());
    page.put(LAYERS, List.of(layer));
    page.put(SKIFF, skiff);
    return FrontMatter.render(page);
  }

  /**
   * What a manifest page holds, read back: the keys the registry sites serve, and Skiff's
   * provenance where the page has it (pages of older registries have none).
   *
   * @param size the image's size, as the page gives it (bytes for pages Skiff writes)
   * @param url the layer's download URL, as written
   * @param provenance Skiff's keys ({@code recipe}, {@code builder}, {@code created},
   *     {@code source_repository}, {@code source_commit}...) as text, in key order
   * @param labels the recipe's labels, in key order
   */
  public record Fields(long size, Digest digest, String url, SortedMap<String, String> provenance,
      SortedMap<String, String> labels) {}

  /**
   * A page's size as every reader takes it: a positive whole number a {@code long} holds. A larger
   * one would wrap (2^64 + 4096 read as 4096), so it is no size, like a negative or fractional one.
   */
  public static java.util.OptionalLong size(JsonNode node) {
    return node != null && node.isIntegralNumber() && node.canConvertToLong() && node.asLong() > 0
        ? java.util.OptionalLong.of(node.asLong()) : java.util.OptionalLong.empty();
  }

  /**
   * Reads a manifest page.
   *
   * @throws InvalidPageException when it has no front matter, or no positive size, digest or layer URL
   */
  public static Fields read(String page) throws InvalidPageException {
    JsonNode front = FrontMatter.read(page);
    JsonNode size = front.get(SIZE);
    if (size(size).isEmpty()) {
      throw new InvalidPageException("size must be a positive whole number, not " + describe(size));
    }
    Digest digest;
    try {
      digest = Digest.parse(front.path(DIGEST).asText(""));
    } catch (InvalidReferenceException e) {
      throw new InvalidPageException("digest must be sha256:<64 lowercase hex>, not " + describe(front.get(DIGEST)));
    }
    JsonNode layer = front.path(LAYERS).path(0);
    JsonNode url = layer.get(URL);
    if (url == null || !url.isTextual() || url.asText().isBlank()) {
      throw new InvalidPageException("the layer has no url");
    }
    SortedMap<String, String> provenance = new TreeMap<>();
    SortedMap<String, String> labels = new TreeMap<>();
    front.path(SKIFF).fields().forEachRemaining(field -> {
      if (field.getKey().equals(LABELS)) {
        field.getValue().fields().forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
      } else if (field.getValue().isValueNode()) {
        provenance.put(field.getKey(), field.getValue().asText());
      }
    });
    return new Fields(size.asLong(), digest, url.asText(), provenance, labels);
  }

  /**
   * The manifest a page of {@code namespace}'s tag {@code tag} records, when it is a page Skiff
   * wrote: one that holds the provenance Skiff writes, so that rendering it again gives the same page.
   */
  public static Optional<Manifest> manifest(Namespace namespace, Tag tag, String page) {
    try {
      Fields fields = read(page);
      Map<String, String> p = fields.provenance();
      if (!p.keySet().containsAll(List.of(RECIPE, RECIPE_DIGEST, BUILDER, CREATED))) {
        return Optional.empty();
      }
      var provenance = new Manifest.Provenance(p.get(RECIPE), Digest.parse(p.get(RECIPE_DIGEST)), p.get(BUILDER),
          Instant.parse(p.get(CREATED)), Optional.ofNullable(p.get(SOURCE_REPOSITORY)),
          Optional.ofNullable(p.get(SOURCE_COMMIT)), fields.labels(),
          p.containsKey(INPUT_DIGEST) ? Optional.of(Digest.parse(p.get(INPUT_DIGEST))) : Optional.empty(),
          Optional.ofNullable(p.get(BUILT)).map(Instant::parse), Optional.ofNullable(p.get(SIGNER)),
          Optional.ofNullable(p.get(BUILD_RUN)).map(URI::create));
      return Optional.of(new Manifest(namespace, tag, fields.digest(), fields.size(), new URI(fields.url()),
          provenance));
    } catch (InvalidPageException | DateTimeParseException | URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    String text = node.toString();
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  /** The image digest a page records, if it is a manifest page. */
  public static Optional<String> digestOf(String page) {
    return FrontMatter.parse(page).map(node -> node.path(DIGEST).asText(null));
  }
}
