package dev.skiff.registry.site;

import dev.skiff.model.Namespace;
import dev.skiff.registry.site.SiteReport.SkippedPage;
import dev.skiff.registry.site.pages.CatalogEntry;
import dev.skiff.registry.site.pages.HomePage;
import dev.skiff.registry.site.pages.Signer;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.BoundedWorkers;
import dev.skiff.support.FileTrees;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * {@code skiff site}: renders a registry repository into a folder any static host can serve. One
 * pass over the tree, one namespace in memory at a time; the same revision always gives the same
 * bytes. Over an earlier render it writes only the namespaces changed since the revision that
 * render records (or {@code --since}), and the lists of the whole site.
 *
 * <pre>{@code
 * SiteReport report = SiteRenderer.render(SiteRequest.of("/srv/registry", Path.of("public"))
 *     .withBaseUrl("https://myorg.github.io/registry/"));
 * }</pre>
 */
public final class SiteRenderer {
  private static final String TITLE = "Container registry";
  private static final List<String> ASSETS = List.of("site.css", "site.js");

  private SiteRenderer() {}

  /**
   * @throws SkiffException for a registry that is not a git repository, an unknown revision, an
   *     output folder that holds other files, or a base URL that is not an http(s) URL
   */
  public static SiteReport render(SiteRequest request) throws SkiffException {
    long start = System.nanoTime();
    Optional<String> baseUrl = request.baseUrl().map(SiteRenderer::baseUrl);
    if (request.baseUrl().isPresent() && baseUrl.isEmpty()) {
      throw new SkiffException("--base-url '" + request.baseUrl().get()
          + "': not an http:// or https:// URL with a host, such as https://myorg.github.io/registry/");
    }
    Path out = request.out().toAbsolutePath().normalize();
    Path clone = null;
    try {
      clone = Files.createTempDirectory("skiff-site-");
      try (RegistrySource source = RegistrySource.open(request.registry(), clone)) {
        // What is rendered is checked before the output folder is touched.
        RevCommit commit = source.commit(request.rev(), "--rev");
        source.requireRegistry(commit);
        Optional<SiteState> previous = prepare(out, request.force());
        if (request.since().isPresent() && previous.isEmpty()) {
          throw new SkiffException("--since " + request.since().get() + ": " + out
              + " holds no earlier render to update; render it whole first (without --since)");
        }
        SiteFiles files = new SiteFiles(out);
        // An earlier render with another base URL has other commands on every page: render it all again.
        Optional<SiteState> reusable = previous.filter(state -> state.baseUrl().equals(baseUrl));
        Optional<String> since = request.since().or(() -> reusable.map(SiteState::revision));
        SiteKeys keys = source.keys(commit);
        // New keys or rules name signers differently on every page: render it all again.
        Optional<RevCommit> sinceCommit = since.isPresent() && reusable.isPresent()
            ? Optional.of(source.commit(since, "--since")) : Optional.empty();
        return sinceCommit.isPresent() && !source.settingsChanged(sinceCommit.get(), commit)
            ? incremental(source, commit, sinceCommit.get(), reusable.get(), files, baseUrl, keys, start)
            : full(source, commit, previous.isPresent(), files, baseUrl, keys, start);
      }
    } catch (IOException e) {
      throw new SkiffException("site " + out + ": " + IoMessages.describe(e), e);
    } finally {
      if (clone != null) {
        FileTrees.deleteQuietly(clone); // a leftover temporary clone does no harm; the render's outcome matters
      }
    }
  }

  private static SiteReport full(RegistrySource source, RevCommit commit, boolean ours, SiteFiles files,
      Optional<String> baseUrl, SiteKeys keys, long start) throws SkiffException, IOException {
    if (ours) {
      files.clear();
    }
    Map<String, CatalogEntry> entries = new TreeMap<>();
    List<SkippedPage> skipped = new ArrayList<>();
    RegistryHistory history = source.history(commit, Optional.empty());
    for (NamespaceRenderer.Rendered rendered : renderNamespaces(source, commit, Optional.empty(), files, baseUrl,
        keys, history)) {
      rendered.entry().ifPresent(entry -> entries.put(entry.name(), entry));
      skipped.addAll(rendered.skipped());
    }
    return finish(files, commit, baseUrl, keys, entries, skipped, entries.size(), false, Set.of(), start);
  }

  private static SiteReport incremental(RegistrySource source, RevCommit commit, RevCommit since, SiteState state,
      SiteFiles files, Optional<String> baseUrl, SiteKeys keys, long start) throws SkiffException, IOException {
    Set<Namespace> changed = source.changedNamespaces(since, commit);
    Map<String, CatalogEntry> entries = new TreeMap<>();
    for (CatalogEntry entry : Catalog.read(files.root())) {
      entries.put(entry.name(), entry);
    }
    List<SkippedPage> skipped = new ArrayList<>(state.skipped());
    for (Namespace namespace : changed) {
      entries.remove(namespace.toString());
      skipped.removeIf(page -> page.path().startsWith(namespace + "/"));
      files.removeNamespace(namespace);
    }
    List<NamespaceRenderer.Rendered> rendered = renderNamespaces(source, commit, Optional.of(changed), files, baseUrl,
        keys, source.history(commit, Optional.of(changed)));
    for (NamespaceRenderer.Rendered result : rendered) {
      result.entry().ifPresent(entry -> entries.put(entry.name(), entry));
      skipped.addAll(result.skipped());
    }
    return finish(files, commit, baseUrl, keys, entries, skipped, rendered.size(), true,
        changed.stream().map(Namespace::owner).collect(java.util.stream.Collectors.toSet()), start);
  }

  /**
   * Reads the namespaces on this thread, in tree order, and renders them on a few others: writing
   * many small files is most of a render, and it goes faster side by side.
   */
  private static List<NamespaceRenderer.Rendered> renderNamespaces(RegistrySource source, RevCommit commit,
      Optional<Collection<Namespace>> only, SiteFiles files, Optional<String> baseUrl, SiteKeys keys,
      RegistryHistory history) throws SkiffException, IOException {
    NamespaceRenderer renderer = new NamespaceRenderer(files, PullCommands.forSite(baseUrl), keys, history);
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    try (BoundedWorkers.Feed<RegistrySource.NamespacePages, NamespaceRenderer.Rendered> feed =
        BoundedWorkers.feed(threads, "skiff-site", pages -> {
          try {
            return renderer.render(pages);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        })) {
      source.forEachNamespace(commit, only, feed::submit);
      return feed.finish();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException("site: interrupted; the output folder holds part of a render, run again", e);
    }
  }

  /** The lists of the whole site, the assets and the state: written the same way after either kind of render. */
  /**
   * @param changedOwners the owners of the namespaces an incremental render rendered again: those
   *     left without a namespace lose their page
   */
  private static SiteReport finish(SiteFiles files, RevCommit commit, Optional<String> baseUrl, SiteKeys keys,
      Map<String, CatalogEntry> entries, List<SkippedPage> skipped, int rendered, boolean incremental,
      Set<String> changedOwners, long start) throws IOException {
    skipped.sort(Comparator.comparing(SkippedPage::path));
    List<CatalogEntry> list = List.copyOf(entries.values());
    int browsePages = Catalog.write(files, list);
    int manifests = list.stream().mapToInt(e -> e.tags().size()).sum();
    OciTree.writeBase(files);
    keys.write(files);
    SiteLists lists = new SiteLists(list, PullCommands.forSite(baseUrl));
    lists.writeOwnerPages(files, changedOwners);
    lists.writeFeed(files, Instant.ofEpochSecond(commit.getCommitTime()));
    files.write("index.html", Pages.home(new HomePage("", TITLE, list.size(), manifests, browsePages,
        keys.all().stream().map(k -> new Signer(k.fingerprint(), k.userId(), k.file(), List.of())).toList(),
        keys.required(), lists.recent(), lists.owners())));
    for (String asset : ASSETS) {
      try (InputStream in = SiteRenderer.class.getResourceAsStream(asset)) {
        if (in == null) {
          throw new IOException("the site's " + asset + " is missing from Skiff's jar");
        }
        files.write("_skiff/" + asset, in.readAllBytes());
      }
    }
    files.write(SiteState.FILE, new SiteState(commit.name(), baseUrl, skipped).toJson());
    return new SiteReport(commit.name(), files.root(), list.size(), manifests, rendered, incremental, skipped,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** The earlier render in {@code out}, if there is one; refuses a folder with other files unless forced. */
  private static Optional<SiteState> prepare(Path out, boolean force) throws SkiffException, IOException {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new SkiffException("--out " + out + ": not a folder");
    }
    Files.createDirectories(out);
    Optional<SiteState> previous = SiteState.read(out);
    if (previous.isEmpty() && !force) {
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new SkiffException("--out " + out + ": the folder is not empty and holds no earlier render of skiff"
              + " site; give a new or empty folder, or --force to write into it");
        }
      }
    }
    return previous;
  }

  /** The base URL with one trailing slash, or empty when it is not an absolute http(s) URL. */
  private static String baseUrl(String text) {
    try {
      URI uri = new URI(text.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getQuery() != null
          || uri.getFragment() != null || uri.getUserInfo() != null) {
        return null;
      }
      String url = uri.toASCIIString();
      return url.endsWith("/") ? url : url + "/";
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
