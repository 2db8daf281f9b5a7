package dev.skiff.publisher;

import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.registry.CollectionPage;
import dev.skiff.registry.ManifestPage;
import dev.skiff.registry.PageText;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The registry commit of one publish request, built in memory on top of a base commit: only the
 * namespace's pages are replaced, no working tree is involved. A tag whose image digest is
 * unchanged keeps its page as it is, so that a run that builds the same images commits nothing.
 */
final class RegistryCommit {
  private RegistryCommit() {}

  /** The new commit, or empty when the base already holds these manifests. */
  static Optional<ObjectId> build(Repository repository, ObjectId base, PublishRequest request, PersonIdent identity)
      throws SkiffException, IOException {
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit baseCommit = walk.parseCommit(base);
      Map<String, String> pages = pages(request, reader, baseCommit);
      if (pages.isEmpty()) {
        return Optional.empty();
      }
      ObjectId tree = replace(reader, inserter, baseCommit, request.namespace(), pages);
      ObjectId commit = commit(inserter, tree, base, message(request), identity);
      inserter.flush();
      return Optional.of(commit);
    }
  }

  /** The pages to write: changed manifests, and the collection and tag pages when missing. */
  private static Map<String, String> pages(PublishRequest request, ObjectReader reader, RevCommit base)
      throws SkiffException, IOException {
    Namespace namespace = request.namespace();
    Map<String, String> pages = new LinkedHashMap<>();
    Optional<String> collection = read(reader, base, RegistryLayout.collection(namespace));
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
    if (read(reader, base, RegistryLayout.tags(namespace)).isEmpty()) {
      pages.put(RegistryLayout.tags(namespace), CollectionPage.renderTags());
    }
    for (Manifest manifest : request.manifests()) {
      String path = RegistryLayout.manifest(namespace, manifest.tag());
      Optional<String> recorded = read(reader, base, path).flatMap(ManifestPage::digestOf);
      if (!recorded.equals(Optional.of(manifest.digest().toString()))) {
        pages.put(path, ManifestPage.render(manifest));
      }
    }
    return pages;
  }

  /** The base tree with the pages written; only the namespace's folder and the path to it are touched. */
  private static ObjectId replace(ObjectReader reader, ObjectInserter inserter, RevCommit base, Namespace namespace,
      Map<String, String> pages) throws IOException {
    String folder = namespace + "/";
    Map<String, String> relative = new LinkedHashMap<>();
    pages.forEach((path, content) -> relative.put(path.substring(folder.length()), content));
    return FolderEdit.write(reader, inserter, base.getTree(), List.of(namespace.owner(), namespace.name()), relative);
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

  static String message(PublishRequest request) {
    StringBuilder message = new StringBuilder("Update ").append(request.namespace()).append(": ")
        .append(String.join(", ", request.manifests().stream().map(m -> m.tag().value()).toList())).append("\n\n");
    for (Manifest m : request.manifests()) {
      message.append(m.tag()).append(' ').append(m.digest()).append(' ').append(m.size()).append(" bytes\n");
    }
    request.source().repository().ifPresent(r -> message.append("\nSource: ").append(r)
        .append(request.source().commit().map(c -> " @ " + c).orElse("")).append('\n'));
    request.source().buildUrl().ifPresent(u -> message.append("Build: ").append(u).append('\n'));
    return message.toString();
  }

  /** A page of the base; empty when there is none, or what is there is no page (it is then written anew). */
  private static Optional<String> read(ObjectReader reader, RevCommit commit, String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(reader, path, commit.getTree())) {
      if (walk == null || !walk.getFileMode(0).equals(FileMode.REGULAR_FILE)
          || reader.getObjectSize(walk.getObjectId(0), Constants.OBJ_BLOB) > RegistryLayout.MAX_PAGE_BYTES) {
        return Optional.empty();
      }
      return Optional.of(new String(reader.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
    }
  }
}
