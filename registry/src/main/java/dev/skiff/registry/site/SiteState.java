package dev.skiff.registry.site;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.registry.site.SiteReport.SkippedPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an earlier render left in its folder, {@code _skiff/state.json}: the revision it rendered,
 * the base URL its pages name, and the pages it skipped. It marks the folder as written by
 * {@code skiff site}, and lets the next render do only what changed.
 */
record SiteState(String revision, Optional<String> baseUrl, List<SkippedPage> skipped) {
  static final String FILE = "_skiff/state.json";
  private static final int FORMAT = 1;

  static Optional<SiteState> read(Path out) throws IOException {
    Path file = out.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode node = ApiJson.mapper().readTree(file.toFile());
    if (node.path("format").asInt() != FORMAT || !node.path("revision").isTextual()) {
      return Optional.empty();
    }
    List<SkippedPage> skipped = new ArrayList<>();
    node.path("skipped").forEach(s -> skipped.add(new SkippedPage(s.path("path").asText(), s.path("reason").asText())));
    Optional<String> baseUrl = node.path("baseUrl").isTextual() ? Optional.of(node.path("baseUrl").asText())
        : Optional.empty();
    return Optional.of(new SiteState(node.path("revision").asText(), baseUrl, skipped));
  }

  byte[] toJson() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("format", FORMAT);
    state.put("revision", revision);
    state.put("baseUrl", baseUrl.orElse(null));
    List<Map<String, String>> pages = new ArrayList<>();
    for (SkippedPage page : skipped) {
      Map<String, String> entry = new LinkedHashMap<>();
      entry.put("path", page.path());
      entry.put("reason", page.reason());
      pages.add(entry);
    }
    state.put("skipped", pages);
    return ApiJson.bytes(state);
  }
}
