package dev.skiff.registry.site;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.skiff.model.Namespace;
import dev.skiff.registry.ManifestPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the registry sites serve, written by a serializer. The API paths are served as HTML by
 * hosts that go by the file name ({@code .../manifests/latest/index.html}), so characters a
 * browser would read as markup are written as {@code \u003c}-style escapes: the JSON stays the
 * same JSON, and the page stays inert.
 */
final class ApiJson {
  static final String MANIFEST_TYPE = "application/vnd.singularity.distribution.manifest.v2+json";
  static final String CONFIG_TYPE = "application/vnd.singularity.container.image.v1+json";
  static final String LAYER_TYPE = "application/vnd.singularity.image.squashfs";

  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(SerializationFeature.INDENT_OUTPUT)
      .build();

  static {
    JSON.getFactory().setCharacterEscapes(new HtmlSafeEscapes());
  }

  private ApiJson() {}

  /** {@code GET <ns>/manifests/<tag>/}: the manifest, as the existing registries serve it. */
  static byte[] manifest(ManifestPage.Fields page) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("mediaType", CONFIG_TYPE);
    config.put("size", page.size());
    config.put("digest", page.digest().toString());
    Map<String, Object> layer = new LinkedHashMap<>();
    layer.put("mediaType", LAYER_TYPE);
    layer.put("size", page.size());
    layer.put("digest", page.digest().toString());
    layer.put("urls", List.of(page.url()));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST_TYPE);
    manifest.put("config", config);
    manifest.put("layers", List.of(layer));
    return bytes(manifest);
  }

  /** {@code GET <ns>/tags/}: the namespace's tags. */
  static byte[] tags(Namespace namespace, List<String> tags) {
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("name", namespace.toString());
    list.put("tags", tags);
    return bytes(list);
  }

  static byte[] bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectMapper mapper() {
    return JSON;
  }

  /** Escapes {@code < > & '} and the JavaScript line separators, besides what JSON must escape. */
  private static final class HtmlSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] escapes = standardAsciiEscapesForJSON();

    HtmlSafeEscapes() {
      for (char c : new char[] {'<', '>', '&', '\''}) {
        escapes[c] = CharacterEscapes.ESCAPE_STANDARD;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch == 0x2028 || ch == 0x2029 ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
  }
}
