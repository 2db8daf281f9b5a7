package dev.skiff.registry.site;

import dev.skiff.model.Namespace;
import dev.skiff.registry.CollectionPage;
import dev.skiff.registry.InvalidPageException;
import dev.skiff.registry.ManifestPage;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.registry.site.RegistrySource.NamespacePages;
import dev.skiff.registry.site.RegistrySource.PageFile;
import dev.skiff.registry.site.SiteReport.SkippedPage;
import dev.skiff.registry.site.pages.CatalogEntry;
import dev.skiff.registry.site.pages.HistoryPage;
import dev.skiff.registry.site.pages.HistoryRow;
import dev.skiff.registry.site.pages.Link;
import dev.skiff.registry.site.pages.NamespacePage;
import dev.skiff.registry.site.pages.PullCommand;
import dev.skiff.registry.site.pages.Signer;
import dev.skiff.registry.site.pages.TagHistory;
import dev.skiff.registry.site.pages.TagRow;
import dev.skiff.support.HumanBytes;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Writes one namespace's part of the site: its manifests and tag list as JSON at the registry API's
 * paths (each beside a {@code .json} twin), and its page for people. Pages that cannot be read are
 * left out and reported; they never stop the rest.
 */
final class NamespaceRenderer {
  static final int DESCRIPTION_IN_LISTS = 200;
  static final int LABELS_IN_LISTS = 20;
  static final int LABEL_IN_LISTS = 100;
  /** The publications a namespace's feed holds, and the catalog keeps for the home page and the registry's feed. */
  static final int FEED_ENTRIES = 50;
  static final int RECENT_IN_CATALOG = 3;

  /** What the render of one namespace leaves for the lists of the whole site; no entry when it was not served. */
  record Rendered(Optional<CatalogEntry> entry, List<SkippedPage> skipped) {}

  private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-F]{40}");

  private final SiteFiles files;
  private final PullCommands pullCommands;
  private final SiteKeys keys;
  private final RegistryHistory history;

  /**
   * @param pullCommands the pull commands the site's address allows
   * @param keys the registry's signing keys, which name the signers
   * @param history when each tag got each image, read once for the whole render
   */
  NamespaceRenderer(SiteFiles files, PullCommands pullCommands, SiteKeys keys, RegistryHistory history) {
    this.files = files;
    this.pullCommands = pullCommands;
    this.keys = keys;
    this.history = history;
  }

  Rendered render(NamespacePages pages) throws IOException {
    Namespace namespace = pages.namespace();
    List<SkippedPage> skipped = new ArrayList<>();
    Optional<String> description = Optional.empty();
    List<TagRow> rows = new ArrayList<>();
    Map<String, List<RegistryHistory.Publication>> byTag = new HashMap<>();
    TreeSet<String> labels = new TreeSet<>();
    Optional<Link> source = Optional.empty();
    for (PageFile file : pages.files()) {
      if (file.unreadable().isPresent()) {
        skipped.add(new SkippedPage(file.path(), file.unreadable().get()));
        continue;
      }
      try {
        String text = utf8(file.content());
        switch (file.page().kind()) {
          case COLLECTION -> description = CollectionPage.read(text).map(NamespaceRenderer::printable)
              .filter(d -> !d.isBlank());
          case TAGS -> { } // the tag list is made from the manifests, never trusted from a page
          case MANIFEST -> {
            String tag = file.page().tag().orElseThrow().value();
            ManifestPage.Fields fields = ManifestPage.read(text);
            byte[] manifest = ApiJson.manifest(fields);
            String folder = RegistryLayout.folderOf(file.path());
            files.write(folder + "index.html", manifest);
            files.write(folder + "index.json", manifest);
            OciTree.write(files, namespace, tag, fields);
            Optional<byte[]> shub = ShubApi.answer(namespace, tag, fields);
            if (shub.isPresent()) {
              files.write(ShubApi.byTag(namespace, tag), shub.get());
              files.write(ShubApi.byCommit(namespace, fields), shub.get());
              files.write(ShubApi.byTagAndCommit(namespace, tag, fields), shub.get());
            }
            List<RegistryHistory.Publication> tagHistory = history.of(namespace, tag, fields);
            byTag.put(tag, tagHistory);
            TagRow row = row(namespace, tag, fields, shub.isPresent(), tagHistory);
            rows.add(row);
            row.labels().forEach((key, value) -> labels.add(abbreviate(key + "=" + value, LABEL_IN_LISTS)));
            if (source.isEmpty()) {
              source = Optional.ofNullable(fields.provenance().get(ManifestPage.SOURCE_REPOSITORY))
                  .flatMap(NamespaceRenderer::web)
                  .map(url -> new Link(url, url));
            }
          }
        }
      } catch (InvalidPageException e) {
        skipped.add(new SkippedPage(file.path(), e.getMessage()));
      }
    }
    List<String> tags = rows.stream().map(TagRow::tag).toList();
    byte[] tagList = ApiJson.tags(namespace, tags);
    String tagsFolder = RegistryLayout.folderOf(RegistryLayout.tags(namespace));
    files.write(tagsFolder + "index.html", tagList);
    files.write(tagsFolder + "index.json", tagList);
    String folder = RegistryLayout.folderOf(RegistryLayout.collection(namespace));
    // Only the tags the site serves: a tag whose page was skipped has no section to link to.
    List<RegistryHistory.Publication> published = byTag.values().stream().flatMap(List::stream)
        .sorted(Comparator.comparing(RegistryHistory.Publication::published).reversed()
            .thenComparing(RegistryHistory.Publication::tag))
        .toList();
    files.write(folder + "index.html", Pages.namespace(new NamespacePage("../../", namespace.toString(),
        description, source, rows, badgeMarkdown(namespace))));
    files.write(folder + "history.html", Pages.history(new HistoryPage("../../", namespace.toString(), rows.stream()
        .map(row -> new TagHistory(row.tag(), historyRows(row, byTag.get(row.tag())))).toList())));
    files.write(folder + FEED, AtomFeed.write("urn:skiff:feed:" + namespace, namespace + ": new images",
        pullCommands.link(folder + FEED, folder), pullCommands.link(folder, folder), published.stream().limit(FEED_ENTRIES)
            .map(p -> feedEntry(namespace, p)).toList(), Instant.EPOCH));
    Optional<byte[]> badge = badge(namespace, rows, published);
    if (badge.isPresent()) {
      files.write(folder + BADGE, badge.get());
    }
    CatalogEntry entry = new CatalogEntry(namespace.toString(),
        description.map(d -> abbreviate(d, DESCRIPTION_IN_LISTS)).orElse(""), tags,
        labels.stream().limit(LABELS_IN_LISTS).toList(), current(published).stream().limit(RECENT_IN_CATALOG)
            .map(p -> new CatalogEntry.Published(p.tag(), p.digest().toString(), p.size(), p.published().toString()))
            .toList());
    return new Rendered(Optional.of(entry), skipped);
  }

  /** Each tag's current image, the newest first: what the home page and the registry's feed show. */
  private static List<RegistryHistory.Publication> current(List<RegistryHistory.Publication> published) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    return published.stream().filter(p -> seen.add(p.tag())).toList();
  }

  /** The file names of a namespace's feed and badge, in its folder. */
  static final String FEED = "feed.xml";
  static final String BADGE = "badge.svg";

  private String badgeMarkdown(Namespace namespace) {
    String folder = RegistryLayout.folderOf(RegistryLayout.collection(namespace));
    return "[![" + namespace + "](" + pullCommands.absolute(folder + BADGE) + ")](" + pullCommands.absolute(folder) + ")";
  }

  /** The badge: the latest tag (else the one published last), its size and the day it was published. */
  private static Optional<byte[]> badge(Namespace namespace, List<TagRow> rows,
      List<RegistryHistory.Publication> published) {
    Optional<TagRow> shown = rows.stream().filter(r -> r.tag().equals("latest")).findFirst()
        .or(() -> published.stream().findFirst().flatMap(p -> rows.stream().filter(r -> r.tag().equals(p.tag()))
            .findFirst()))
        .or(() -> rows.stream().findFirst());
    return shown.map(row -> Badge.svg(namespace.toString(), row.tag(), row.size() + published.stream()
        .filter(p -> p.tag().equals(row.tag())).findFirst().map(p -> " | " + day(p.published())).orElse("")));
  }

  private AtomFeed.Entry feedEntry(Namespace namespace, RegistryHistory.Publication p) {
    String folder = RegistryLayout.folderOf(RegistryLayout.collection(namespace));
    return new AtomFeed.Entry("urn:skiff:image:" + namespace + ":" + p.tag() + ":" + p.digest(),
        namespace + ":" + p.tag(), pullCommands.link(folder + "#pull-" + p.tag(), folder), p.published(),
        p.digest() + ", " + HumanBytes.format(p.size()) + p.sourceCommit().filter(SourceLinks::isCommit)
            .map(c -> ", source commit " + c).orElse(""));
  }

  /** A tag's images for the history page: the current one first, then those before it. */
  private static List<HistoryRow> historyRows(TagRow row, List<RegistryHistory.Publication> tagHistory) {
    List<HistoryRow> all = new ArrayList<>();
    all.add(new HistoryRow(tagHistory.stream().findFirst()
        .filter(p -> p.digest().toString().equals(row.digest())).map(p -> minute(p.published())).orElse(""),
        row.digest(), row.shortDigest(), row.size(), row.commit()));
    all.addAll(row.earlier());
    return all;
  }

  static String day(Instant time) {
    return time.toString().substring(0, 10);
  }

  static String minute(Instant time) {
    String iso = time.toString();
    return iso.substring(0, 10) + " " + iso.substring(11, 16) + " UTC";
  }

  private TagRow row(Namespace namespace, String tag, ManifestPage.Fields fields, boolean shubAnswered,
      List<RegistryHistory.Publication> tagHistory) {
    String hex = fields.digest().hex();
    Optional<String> web = web(fields.url());
    Optional<SourceLinks> links = Optional.ofNullable(fields.provenance().get(ManifestPage.SOURCE_REPOSITORY))
        .flatMap(SourceLinks::of);
    Optional<String> sourceCommit = Optional.ofNullable(fields.provenance().get(ManifestPage.SOURCE_COMMIT));
    Optional<Link> recipe = shown(fields, ManifestPage.RECIPE).map(path -> new Link(sourceCommit.flatMap(c -> links
        .flatMap(l -> l.file(c, fields.provenance().get(ManifestPage.RECIPE)))).orElse(""), path));
    Optional<Link> buildRun = Optional.ofNullable(fields.provenance().get(ManifestPage.BUILD_RUN))
        .flatMap(NamespaceRenderer::web).map(url -> new Link(url, "CI run"));
    List<HistoryRow> earlier = tagHistory.stream()
        .dropWhile(p -> p.digest().equals(fields.digest()))
        .map(p -> new HistoryRow(minute(p.published()), p.digest().toString(), p.digest().hex().substring(0, 12),
            HumanBytes.format(p.size()), p.sourceCommit().flatMap(c -> commitLink(links, c))))
        .toList();
    return new TagRow(tag, fields.digest().toString(), hex.substring(0, 12), HumanBytes.format(fields.size()),
        fields.size(), shown(fields, ManifestPage.CREATED), shown(fields, ManifestPage.BUILDER),
        sourceCommit.flatMap(c -> commitLink(links, c)), recipe,
        new Link(web.orElse(""), printable(fields.url())), printableLabels(fields.labels()),
        commands(namespace, tag, hex, web, shubAnswered), signer(namespace, tag, fields), buildRun, earlier);
  }

  /** A source commit: linked where the repository's host is known, plain text (shortened) else. */
  private static Optional<Link> commitLink(Optional<SourceLinks> links, String commit) {
    if (!SourceLinks.isCommit(commit)) {
      return Optional.empty();
    }
    return Optional.of(new Link(links.flatMap(l -> l.commit(commit)).orElse(""),
        commit.substring(0, Math.min(12, commit.length()))));
  }

  /** The signer the manifest records, named by the registry's key when it holds it. */
  private Optional<Signer> signer(Namespace namespace, String tag, ManifestPage.Fields fields) {
    return Optional.ofNullable(fields.provenance().get(ManifestPage.SIGNER))
        .filter(f -> FINGERPRINT.matcher(f).matches())
        .map(fingerprint -> {
          Optional<SiteKeys.Shown> key = keys.find(fingerprint);
          String image = namespace.name() + "_" + tag + ".sif";
          List<PullCommand> commands = new ArrayList<>();
          key.ifPresent(k -> {
            commands.add(new PullCommand("curl", pullCommands.keyDownload(k.file())));
            commands.add(new PullCommand("apptainer", "apptainer verify --key " + fingerprint + ".asc "
                + shellQuote(image)));
          });
          return new Signer(fingerprint, key.map(SiteKeys.Shown::userId).orElse(""),
              key.map(k -> "../../" + k.file()).orElse(""), commands);
        });
  }

  private static Optional<String> shown(ManifestPage.Fields fields, String key) {
    return Optional.ofNullable(fields.provenance().get(key)).map(NamespaceRenderer::printable);
  }

  private static SortedMap<String, String> printableLabels(SortedMap<String, String> labels) {
    SortedMap<String, String> shown = new TreeMap<>();
    labels.forEach((key, value) -> shown.put(printable(key), printable(value)));
    return shown;
  }

  /** A blob in an OCI registry, as oci:// storage records it: the registry, the repository, the digest. */
  private static final Pattern OCI_BLOB = Pattern.compile(
      "(https?)://([A-Za-z0-9.-]+(?::[0-9]+)?)/v2/([a-z0-9._/-]+)/blobs/sha256:[0-9a-f]{64}");

  private List<PullCommand> commands(Namespace namespace, String tag, String hex, Optional<String> url,
      boolean shubAnswered) {
    java.util.regex.Matcher oci = url.map(OCI_BLOB::matcher).filter(java.util.regex.Matcher::matches).orElse(null);
    if (oci != null) {
      // An image in an OCI registry: Apptainer pulls it from there, signing in as the registry asks.
      // Plain downloads (shub://, curl) would need the registry's token, even for a public image.
      List<PullCommand> commands = new ArrayList<>();
      commands.add(new PullCommand("apptainer", "apptainer pull " + (oci.group(1).equals("http") ? "--no-https " : "")
          + "oras://" + oci.group(2) + "/" + oci.group(3) + ":" + tag));
      commands.addAll(pullCommands.forTag(namespace, tag, false, false));
      return commands;
    }
    List<PullCommand> commands = new ArrayList<>(pullCommands.forTag(namespace, tag, shubAnswered, true));
    url.ifPresent(u -> {
      String file = namespace.name() + "_" + tag + ".sif";
      commands.add(new PullCommand("curl", "curl -fL -o " + file + " " + shellQuote(u) + "\n"
          + "echo '" + hex + "  " + file + "' | sha256sum -c"));
    });
    return commands;
  }

  /** The URL when it is an absolute http(s) URL, the only kind the pages link to. */
  static Optional<String> web(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
          ? Optional.of(uri.toASCIIString()) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** One shell word, whatever the text holds. */
  static String shellQuote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  private static String utf8(byte[] content) throws InvalidPageException {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidPageException("is not UTF-8 text");
    }
  }

  /**
   * Text as pages show it: control characters (an escape sequence, a bell) become U+FFFD, save tab
   * and newline; they have no business in a page and confuse whoever copies from it.
   */
  static String printable(String text) {
    StringBuilder shown = new StringBuilder(text.length());
    text.codePoints().forEach(c -> shown.appendCodePoint(
        (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0) ? 0xfffd : c));
    return shown.toString();
  }

  static String abbreviate(String text, int length) {
    String flat = text.strip();
    return flat.codePointCount(0, flat.length()) <= length ? flat
        : flat.substring(0, flat.offsetByCodePoints(0, length - 1)) + "…";
  }
}
