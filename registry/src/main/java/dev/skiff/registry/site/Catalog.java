package dev.skiff.registry.site;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.registry.site.pages.BrowsePage;
import dev.skiff.registry.site.pages.CatalogEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lists of the whole site: the catalog of namespaces as JSON ({@code _skiff/catalog/index.json}
 * naming its pages, each a bounded list of entries) for search and for programs, and the browse
 * pages that list the same for people without JavaScript.
 */
final class Catalog {
  static final String FOLDER = "_skiff/catalog";
  static final String BROWSE = "_skiff/browse";
  static final int ENTRIES_PER_PAGE = 500;
  /** A catalog page closes before it grows past this, whatever its entries hold. */
  static final int MAX_PAGE_BYTES = 512 * 1024;

  private Catalog() {}

  /** Writes the catalog and the browse pages of these entries, in order; returns the number of browse pages. */
  static int write(SiteFiles files, List<CatalogEntry> entries) throws IOException {
    files.deleteTree(FOLDER);
    files.deleteTree(BROWSE);
    List<String> pages = new ArrayList<>();
    List<CatalogEntry> page = new ArrayList<>();
    int bytes = 0;
    for (CatalogEntry entry : entries) {
      int size = ApiJson.bytes(entry).length + 1;
      if (!page.isEmpty() && (page.size() == ENTRIES_PER_PAGE || bytes + size > MAX_PAGE_BYTES)) {
        pages.add(writePage(files, pages.size() + 1, page));
        page.clear();
        bytes = 0;
      }
      page.add(entry);
      bytes += size;
    }
    if (!page.isEmpty()) {
      pages.add(writePage(files, pages.size() + 1, page));
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("namespaces", entries.size());
    index.put("tags", entries.stream().mapToInt(e -> e.tags().size()).sum());
    index.put("pages", pages);
    files.write(FOLDER + "/index.json", ApiJson.bytes(index));

    int browsePages = (entries.size() + ENTRIES_PER_PAGE - 1) / ENTRIES_PER_PAGE;
    for (int number = 1; number <= browsePages; number++) {
      List<CatalogEntry> slice = entries.subList((number - 1) * ENTRIES_PER_PAGE,
          Math.min(entries.size(), number * ENTRIES_PER_PAGE));
      files.write(BROWSE + "/" + number + ".html", Pages.browse(new BrowsePage("../../", number, browsePages, slice)));
    }
    return browsePages;
  }

  private static String writePage(SiteFiles files, int number, List<CatalogEntry> entries) throws IOException {
    String path = FOLDER + "/" + number + ".json";
    files.write(path, ApiJson.bytes(entries));
    return path;
  }

  /** The entries an earlier render wrote into {@code out}. */
  static List<CatalogEntry> read(Path out) throws IOException {
    JsonNode index = ApiJson.mapper().readTree(out.resolve(FOLDER + "/index.json").toFile());
    List<CatalogEntry> entries = new ArrayList<>();
    for (JsonNode page : index.path("pages")) {
      Path file = out.resolve(page.asText()).normalize();
      if (!file.startsWith(out) || !Files.isRegularFile(file)) {
        throw new IOException("the catalog names a page that is not in " + out + ": " + page.asText());
      }
      for (JsonNode entry : ApiJson.mapper().readTree(file.toFile())) {
        List<CatalogEntry.Published> recent = new ArrayList<>();
        for (JsonNode published : entry.path("recent")) {
          recent.add(new CatalogEntry.Published(published.path("tag").asText(), published.path("digest").asText(),
              published.path("size").asLong(), published.path("published").asText()));
        }
        entries.add(new CatalogEntry(entry.path("name").asText(), entry.path("description").asText(),
            texts(entry.path("tags")), texts(entry.path("labels")), recent));
      }
    }
    return entries;
  }

  private static List<String> texts(JsonNode array) {
    Collection<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return List.copyOf(texts);
  }
}
