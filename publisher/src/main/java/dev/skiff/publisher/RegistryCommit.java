package dev.skiff.publisher;

import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;
import dev.skiff.registry.CollectionPage;
import dev.skiff.registry.InvalidPageException;
import dev.skiff.registry.ManifestPage;
import dev.skiff.registry.PageText;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TimeZone;
import java.util.TreeMap;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The registry commit of one publish request, built in memory on top of a base commit: only the
 * namespace's pages are replaced, no working tree is involved. A page is written only where its
 * text would change, so that a run that publishes the same manifests commits nothing; a tag the
 * source no longer has loses its page when the request says which tags the source has.
 *
 * <p>A page whose image was made from a newer commit than the request's (its {@code created} is
 * after the request's commit time) is neither replaced nor removed: when two runs overlap, the run
 * of the older commit may finish last, and must not undo the newer one.
 */
final class RegistryCommit {
  private RegistryCommit() {}

  /**
   * What a publish makes of its base.
   *
   * @param commit the new commit, or empty when the base already holds these manifests
   * @param changes how the namespace's manifest pages differ from the base's
   */
  record Outcome(Optional<ObjectId> commit, PageChanges changes) {}

  /** @param keepRemovedTags whether pages of tags the source no longer has stay */
  static Outcome build(Repository repository, ObjectId base, PublishRequest request, boolean keepRemovedTags,
      PersonIdent identity) throws SkiffException, IOException {
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit baseCommit = walk.parseCommit(base);
      NamespacePages basePages = new NamespacePages(reader, baseCommit);
      Namespace namespace = request.namespace();
      SortedMap<Tag, String> before = basePages.manifests(namespace);
      Set<Tag> newer = newerThan(request, before);
      SortedMap<Tag, String> after = new TreeMap<>(before);
      Set<Tag> removed = new LinkedHashSet<>();
      request.sourceTags().filter(tags -> !keepRemovedTags).ifPresent(tags -> before.keySet().stream()
          .filter(tag -> !tags.contains(tag) && !newer.contains(tag)).forEach(removed::add));
      removed.forEach(after::remove);
      request.manifests().stream().filter(manifest -> !newer.contains(manifest.tag()))
          .forEach(manifest -> after.put(manifest.tag(), ManifestPage.render(manifest)));
      if (!newer.isEmpty()) {
        request.log().line("kept as the registry has them, made from commits newer than this run's: "
            + String.join(", ", newer.stream().map(Tag::value).toList()));
      }
      PageChanges changes = PageChanges.between(before, after);

      Map<String, String> pages = otherPages(request, basePages);
      for (Manifest manifest : request.manifests()) {
        String page = after.get(manifest.tag());
        if (!newer.contains(manifest.tag()) && !page.equals(before.get(manifest.tag()))) {
          pages.put(RegistryLayout.manifest(namespace, manifest.tag()), page);
        }
      }
      if (pages.isEmpty() && removed.isEmpty()) {
        return new Outcome(Optional.empty(), changes);
      }
      ObjectId tree = replace(reader, inserter, baseCommit, namespace, pages, removed);
      ObjectId commit = commit(inserter, tree, base, message(request, changes), identity);
      inserter.flush();
      return new Outcome(Optional.of(commit), changes);
    }
  }

  /** The tags whose pages record an image made from a commit newer than the request's. */
  private static Set<Tag> newerThan(PublishRequest request, SortedMap<Tag, String> pages) {
    Set<Tag> newer = new LinkedHashSet<>();
    if (request.source().commitTime().isEmpty()) {
      return newer;
    }
    Instant ours = request.source().commitTime().get();
    pages.forEach((tag, page) -> {
      try {
        String created = ManifestPage.read(page).provenance().get(ManifestPage.CREATED);
        if (created != null && Instant.parse(created).isAfter(ours)) {
          newer.add(tag);
        }
      } catch (InvalidPageException | DateTimeParseException e) {
        // A page without a readable date makes no claim to be newer.
      }
    });
    return newer;
  }

  /** How the namespace's manifest pages of commit {@code to} differ from those of {@code from}. */
  static PageChanges changes(Repository repository, ObjectId from, ObjectId to, Namespace namespace)
      throws IOException {
    try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
      return PageChanges.between(new NamespacePages(reader, walk.parseCommit(from)).manifests(namespace),
          new NamespacePages(reader, walk.parseCommit(to)).manifests(namespace));
    }
  }

  /** The collection and tag pages, when missing or (the collection) when its description changed. */
  private static Map<String, String> otherPages(PublishRequest request, NamespacePages base)
      throws SkiffException, IOException {
    Namespace namespace = request.namespace();
    Map<String, String> pages = new LinkedHashMap<>();
    Optional<String> collection = base.read(RegistryLayout.collection(namespace));
    Optional<String> markup = request.description().flatMap(PageText::markup);
    if (markup.isPresent()) {
      throw new SkiffException("setting 'description': holds markup ('" + markup.get() + "'); " + PageText.WHY);
    }
    String wantedCollection = CollectionPage.render(request.description()
        .or(() -> collection.flatMap(CollectionPage::descriptionOf))
        .orElse("Containers built from " + request.source().repository().orElse(namespace.toString())));
    if (collection.isEmpty() || request.description().isPresent() && !collection.get().equals(wantedCollection)) {
      pages.put(RegistryLayout.collection(namespace), wantedCollection);
    }
    if (base.read(RegistryLayout.tags(namespace)).isEmpty()) {
      pages.put(RegistryLayout.tags(namespace), CollectionPage.renderTags());
    }
    return pages;
  }

  /** The base tree with the pages written; only the namespace's folder and the path to it are touched. */
  private static ObjectId replace(ObjectReader reader, ObjectInserter inserter, RevCommit base, Namespace namespace,
      Map<String, String> pages, Set<Tag> removed) throws IOException {
    String folder = namespace + "/";
    Map<String, String> relative = new LinkedHashMap<>();
    pages.forEach((path, content) -> relative.put(path.substring(folder.length()), content));
    Set<String> removedFolders = new LinkedHashSet<>();
    removed.forEach(tag -> removedFolders.add(RegistryLayout.folderOf(RegistryLayout.manifest(namespace, tag))
        .substring(folder.length()).replaceAll("/$", "")));
    return FolderEdit.write(reader, inserter, base.getTree(), List.of(namespace.owner(), namespace.name()), relative,
        removedFolders);
  }

  private static ObjectId commit(ObjectInserter inserter, ObjectId tree, ObjectId parent, String message,
      PersonIdent identity) throws IOException {
    PersonIdent now = new PersonIdent(identity, Instant.now(), TimeZone.getTimeZone("UTC").toZoneId());
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    commit.setParentId(parent);
    commit.setAuthor(now);
    commit.setCommitter(now);
    commit.setMessage(message);
    return inserter.insert(commit);
  }

  static String message(PublishRequest request, PageChanges changes) {
    List<String> lines = changes.lines();
    StringBuilder message = new StringBuilder("Update ").append(request.namespace()).append(": ")
        .append(lines.isEmpty() ? "collection page" : String.join("; ", lines)).append("\n\n");
    Set<Tag> written = new LinkedHashSet<>(changes.added());
    written.addAll(changes.updated());
    written.addAll(changes.rewritten());
    for (Manifest m : request.manifests()) {
      if (written.contains(m.tag())) {
        message.append(m.tag()).append(' ').append(m.digest()).append(' ').append(m.size()).append(" bytes\n");
      }
    }
    request.source().repository().ifPresent(r -> message.append("\nSource: ").append(r)
        .append(request.source().commit().map(c -> " @ " + c).orElse("")).append('\n'));
    request.source().buildUrl().ifPresent(u -> message.append("Build: ").append(u).append('\n'));
    return message.toString();
  }
}
