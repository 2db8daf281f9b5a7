package dev.skiff.registry.site;

import dev.skiff.registry.RegistryLayout;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.StaticFiles;
import dev.skiff.support.FileDigests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code skiff site --publish}: copies a rendered site to a store, sending only the files whose
 * bytes changed, each with the type a browser or client needs and short caching (a minute for the
 * API, five for pages). The namespaces' files go first and the lists of the whole site last, then
 * what the site no longer has is removed, so that a reader never follows a link to a file not yet
 * there.
 */
public final class SitePublisher {
  static final String API_CACHE = "public, max-age=60";
  static final String PAGE_CACHE = "public, max-age=300";

  private SitePublisher() {}

  /**
   * @param uploaded files sent
   * @param deleted files removed from the store because the site no longer has them
   * @param unchanged files the store already held with the same bytes
   */
  public record Published(int uploaded, int deleted, int unchanged) {}

  /**
   * @throws SkiffException when {@code site} is no rendered site, or the store holds files but no
   *     site of Skiff's (nothing is changed then)
   */
  public static Published publish(Path site, StaticFiles target) throws SkiffException, IOException,
      InterruptedException {
    Path root = site.toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve(SiteState.FILE))) {
      throw new SkiffException("site " + root + ": no site rendered here to publish (" + SiteState.FILE + " is missing)");
    }
    Map<String, String> local = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path file : paths.filter(Files::isRegularFile).toList()) {
        local.put(root.relativize(file).toString().replace('\\', '/'), FileDigests.md5Hex(file));
      }
    }
    Map<String, String> remote = target.list();
    if (!remote.isEmpty() && !remote.containsKey(SiteState.FILE)) {
      throw new SkiffException("site " + target.describe("") + ": holds " + remote.size() + " file(s) but no site"
          + " of skiff's (" + SiteState.FILE + "); publish to an empty place, or remove them first");
    }
    List<String> changed = new ArrayList<>();
    local.forEach((path, md5) -> {
      if (!md5.equals(remote.get(path))) {
        changed.add(path);
      }
    });
    changed.sort(Comparator.comparingInt(SitePublisher::stage).thenComparing(Comparator.naturalOrder()));
    for (String path : changed) {
      target.put(path, root.resolve(path), contentType(path), cacheControl(path));
    }
    int deleted = 0;
    for (String path : remote.keySet()) {
      if (!local.containsKey(path)) {
        target.delete(path);
        deleted++;
      }
    }
    return new Published(changed.size(), deleted, local.size() - changed.size());
  }

  /** 0 for a namespace's files, 1 for the site's lists and assets, 2 for the home page, 3 for the state. */
  private static int stage(String path) {
    if (path.equals(SiteState.FILE)) {
      return 3;
    }
    if (path.equals("index.html")) {
      return 2;
    }
    return path.startsWith("_skiff/") ? 1 : 0;
  }

  /**
   * The API's answers (the registry's and the Singularity Hub client's) are JSON whatever their
   * file is called; pages and assets go by their extension.
   */
  static String contentType(String path) {
    if (path.startsWith(OciTree.ROOT) && path.contains("/manifests/")) {
      return OciTree.MANIFEST_TYPE;
    }
    if (path.endsWith(".json") || api(path) || path.startsWith(ShubApi.FOLDER)
        || path.equals(OciTree.ROOT + "index.html")) {
      return "application/json";
    }
    if (path.endsWith(".html")) {
      return "text/html;charset=utf-8";
    }
    if (path.endsWith(".css")) {
      return "text/css;charset=utf-8";
    }
    if (path.endsWith(".js")) {
      return "text/javascript;charset=utf-8";
    }
    return "application/octet-stream";
  }

  static String cacheControl(String path) {
    return path.endsWith(".json") || api(path) || path.startsWith(ShubApi.FOLDER) || path.startsWith(OciTree.ROOT)
        ? API_CACHE : PAGE_CACHE;
  }

  /** {@code <ns>/manifests/<tag>/index.html} and {@code <ns>/tags/index.html}: the pages of the layout, served as JSON. */
  private static boolean api(String path) {
    if (!path.endsWith("/index.html")) {
      return false;
    }
    String page = path.substring(0, path.length() - "index.html".length()) + RegistryLayout.PAGE;
    // The inverse of RegistryLayout.folderOf: the page whose folder this file is served in.
    return RegistryLayout.parse(page).map(p -> p.kind() != RegistryLayout.PageKind.COLLECTION).orElse(false);
  }
}
