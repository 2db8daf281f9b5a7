package dev.skiff.internal.pipeline;

import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.PublishException;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.support.GitUrls;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps a run from swapping the http(s) blob URLs a shared registry publishes for {@code file:}
 * URLs that only this machine can read: a local storage without {@code storage.file.base-url},
 * run once against the real registry, would otherwise rewrite every page of the namespace.
 */
final class LocalUrlGuard {
  private LocalUrlGuard() {}

  /** @throws SkiffException when the run would publish file: URLs where the registry has http(s) ones */
  static void check(Optional<String> registry, Namespace namespace, Storage storage, List<Manifest> published)
      throws SkiffException {
    if (registry.isEmpty() || !GitUrls.isRemote(registry.get())) {
      return;
    }
    Optional<Manifest> served = published.stream().filter(m -> isWeb(m.url())).findFirst();
    if (served.isPresent()) {
      // One storage gives every blob's URL the same way: one blob tells.
      URI url = storage.publicUrl(new BlobKey(namespace, served.get().digest()));
      if ("file".equalsIgnoreCase(url.getScheme())) {
        throw new PublishException("the registry serves " + namespace + "'s images from " + served.get().url()
            + ", and this storage would replace that with " + url + ", which only this machine can read: set"
            + " storage.file.base-url (SKIFF_STORAGE_FILE_BASE_URL) to the address the folder is served at");
      }
    }
  }

  private static boolean isWeb(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https");
  }
}
