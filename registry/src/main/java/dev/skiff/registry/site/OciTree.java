package dev.skiff.registry.site;

import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.registry.ManifestPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of an OCI registry a static host can serve, for {@code oras://} pulls: {@code GET /v2/},
 * each tag's manifest at {@code v2/OWNER/NAME/manifests/TAG} and, byte for byte, at its digest, and
 * the config blob. A manifest describes the SIF as {@code apptainer push oras://} does and names
 * the blob in storage in its layer's {@code urls}; the blob itself is not copied into the site, so
 * clients that read only {@code v2/.../blobs/} need a host that maps that path to the storage.
 */
final class OciTree {
  static final String ROOT = "v2/";
  static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String CONFIG_TYPE = "application/vnd.sylabs.sif.config.v1+json";
  static final String LAYER_TYPE = "application/vnd.sylabs.sif.layer.v1.sif";
  static final byte[] CONFIG = "{}".getBytes(StandardCharsets.UTF_8);
  static final Digest CONFIG_DIGEST = Digest.sha256(CONFIG);

  private OciTree() {}

  /** The answer to {@code GET /v2/}: an anonymous registry. */
  static void writeBase(SiteFiles files) throws IOException {
    files.write(ROOT + "index.html", CONFIG);
  }

  static void write(SiteFiles files, Namespace namespace, String tag, ManifestPage.Fields fields) throws IOException {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("mediaType", CONFIG_TYPE);
    config.put("digest", CONFIG_DIGEST.toString());
    config.put("size", CONFIG.length);
    Map<String, Object> layer = new LinkedHashMap<>();
    layer.put("mediaType", LAYER_TYPE);
    layer.put("digest", fields.digest().toString());
    layer.put("size", fields.size());
    NamespaceRenderer.web(fields.url()).ifPresent(url -> layer.put("urls", List.of(url)));
    layer.put("annotations", Map.of("org.opencontainers.image.title", namespace.name() + "_" + tag + ".sif"));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST_TYPE);
    manifest.put("config", config);
    manifest.put("layers", List.of(layer));
    byte[] bytes = ApiJson.bytes(manifest);
    String folder = ROOT + namespace + "/";
    files.write(folder + "manifests/" + tag, bytes);
    files.write(folder + "manifests/" + Digest.sha256(bytes), bytes);
    files.write(folder + "blobs/" + CONFIG_DIGEST, CONFIG);
  }
}
