package dev.skiff.registry.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.model.Digest;
import dev.skiff.model.InvalidReferenceException;
import dev.skiff.registry.CollectionPage;
import dev.skiff.registry.FrontMatter;
import dev.skiff.registry.InvalidPageException;
import dev.skiff.registry.ManifestPage;
import dev.skiff.registry.RegistryLayout;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks the content of the pages a pull request adds or changes: front matter that parses (ending
 * where Jekyll ends it), the keys and types the registry's site relies on and no other key, text
 * without markup, and nothing after the front matter (a page body would be rendered into the site
 * as it is).
 */
final class PageChecks {
  static final String CHECK = "manifest";

  private final RegistryRules rules;
  private final PageKeys keys;
  private final List<BlobTarget> blobs = new ArrayList<>();

  PageChecks(RegistryRules rules) {
    this.rules = rules;
    this.keys = new PageKeys(rules);
  }

  /** The blobs of the manifests that passed, for the HTTP checks. */
  List<BlobTarget> blobs() {
    return blobs;
  }

  List<Finding> check(Change change) {
    String path = change.path();
    List<Finding> findings = new ArrayList<>();
    Optional<String> text = decode(change.content().orElseThrow());
    if (text.isEmpty()) {
      return List.of(Finding.fail(path, CHECK, "is not UTF-8 text"));
    }
    JsonNode page;
    try {
      page = FrontMatter.readAsJekyll(text.get());
    } catch (InvalidPageException e) {
      return List.of(Finding.fail(path, CHECK, e.getMessage()));
    }
    if (FrontMatter.hasBody(text.get())) {
      findings.add(Finding.fail(path, CHECK, "has content after its front matter; registry pages are front matter"
          + " only, because a body would be published on the site as it is"));
    }
    // The path checks passed: the path is one of the layout's pages.
    RegistryLayout.PageKind kind = RegistryLayout.parse(path).orElseThrow().kind();
    keys.check(kind, page, problem -> findings.add(Finding.fail(path, CHECK, problem)));
    if (kind == RegistryLayout.PageKind.MANIFEST) {
      manifest(path, page, findings);
    } else {
      String layout = kind == RegistryLayout.PageKind.TAGS ? CollectionPage.TAGS_LAYOUT : CollectionPage.LAYOUT;
      expectLayout(path, page, layout, findings);
      JsonNode description = page.get(CollectionPage.DESCRIPTION);
      if (description != null && !description.isTextual()) {
        findings.add(Finding.fail(path, CHECK, "description must be text"));
      }
    }
    if (findings.isEmpty()) {
      findings.add(Finding.pass(path, CHECK, "front matter is well formed"));
    }
    return findings;
  }

  private void manifest(String path, JsonNode page, List<Finding> findings) {
    expectLayout(path, page, ManifestPage.LAYOUT, findings);
    JsonNode size = page.get(ManifestPage.SIZE);
    if (ManifestPage.size(size).isEmpty()) {
      findings.add(Finding.fail(path, CHECK, "size must be a positive whole number of bytes, not " + describe(size)));
    }
    Optional<Digest> digest = digest(page.get(ManifestPage.DIGEST));
    if (digest.isEmpty()) {
      findings.add(Finding.fail(path, CHECK, "digest must be sha256:<64 lowercase hex>, not " + describe(page.get(ManifestPage.DIGEST))));
    }
    JsonNode layers = page.get(ManifestPage.LAYERS);
    if (layers == null || !layers.isArray() || layers.size() != 1 || !layers.get(0).isObject()) {
      findings.add(Finding.fail(path, CHECK, "layers must hold exactly one layer (the SIF image) with size, digest and url"));
      return;
    }
    JsonNode layer = layers.get(0);
    if (!layer.path(ManifestPage.SIZE).equals(size)) {
      findings.add(Finding.fail(path, CHECK, "the layer's size " + describe(layer.get(ManifestPage.SIZE))
          + " differs from the manifest's " + describe(size)));
    }
    if (digest.isPresent() && !digest(layer.get(ManifestPage.DIGEST)).equals(digest)) {
      findings.add(Finding.fail(path, CHECK, "the layer's digest " + describe(layer.get(ManifestPage.DIGEST))
          + " differs from the manifest's " + digest.get()));
    }
    Optional<URI> url = url(path, layer.get(ManifestPage.URL), findings);
    JsonNode signer = page.path(ManifestPage.SKIFF).path(ManifestPage.SIGNER);
    if (!signer.isMissingNode() && (!signer.isTextual() || !signer.asText().matches("[0-9A-F]{40}"))) {
      findings.add(Finding.fail(path, CHECK, "skiff: signer must be a key fingerprint (40 upper-case hex digits), not "
          + describe(signer)));
    }
    if (findings.isEmpty() && url.isPresent()) {
      blobs.add(new BlobTarget(path, RegistryLayout.namespaceOf(path).orElseThrow(), url.get(),
          ManifestPage.size(size).orElseThrow(), digest.orElseThrow(),
          signer.isMissingNode() ? Optional.empty() : Optional.of(signer.asText())));
    }
  }

  private Optional<URI> url(String path, JsonNode node, List<Finding> findings) {
    if (node == null || !node.isTextual()) {
      findings.add(Finding.fail(path, CHECK, "the layer's url must be text, not " + describe(node)));
      return Optional.empty();
    }
    try {
      URI url = new URI(node.asText());
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!rules.urlSchemes().contains(scheme)) {
        findings.add(Finding.fail(path, CHECK, "the layer's url " + node.asText() + " uses '" + scheme
            + "'; the registry allows only " + String.join(", ", rules.urlSchemes())));
        return Optional.empty();
      }
      if (url.getHost() == null) {
        findings.add(Finding.fail(path, CHECK, "the layer's url " + node.asText() + " names no host"));
        return Optional.empty();
      }
      return Optional.of(url);
    } catch (URISyntaxException e) {
      findings.add(Finding.fail(path, CHECK, "the layer's url is not a URL: " + e.getMessage()));
      return Optional.empty();
    }
  }

  private static void expectLayout(String path, JsonNode page, String layout, List<Finding> findings) {
    if (!layout.equals(page.path(FrontMatter.LAYOUT).asText(null))) {
      findings.add(Finding.fail(path, CHECK, "layout must be '" + layout + "', not " + describe(page.get(FrontMatter.LAYOUT))));
    }
  }

  private static Optional<Digest> digest(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Digest.parse(node.asText()));
    } catch (InvalidReferenceException e) {
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

  private static Optional<String> decode(byte[] bytes) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
