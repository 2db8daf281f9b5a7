package dev.skiff.registry;

import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.PublishResult;
import dev.skiff.spi.Publisher;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Publishes into a registry repository on this machine: one commit on the branch
 * {@code update/<owner>/<name>}, created from the default branch or advanced if it exists. The
 * commit is built in memory (no checkout, the working tree is never touched) and the branch moves
 * only if nobody moved it meanwhile. A tag whose image digest is unchanged keeps its page as it is,
 * so that a run that builds the same images commits nothing.
 */
final class BranchPublisher implements Publisher {
  private final Path folder;
  private final String branchPrefix;
  private final PersonIdent identity;

  BranchPublisher(Path folder, String branchPrefix, PersonIdent identity) {
    this.folder = folder;
    this.branchPrefix = branchPrefix;
    this.identity = identity;
  }

  @Override
  public PublishResult publish(PublishRequest request) throws SkiffException, IOException {
    Namespace namespace = request.namespace();
    String branch = branchPrefix + namespace;
    String refName = Constants.R_HEADS + branch;
    try (Repository repository = RegistryRepository.open(folder)) {
      if (!Repository.isValidRefName(refName)) {
        throw new SkiffException("registry " + folder + ": '" + branch + "' is not a valid branch name;"
            + " check publisher.branch.prefix");
      }
      Ref defaultBranch = RegistryRepository.defaultBranch(repository, folder);
      if (!repository.isBare() && defaultBranch.getName().equals(refName)) {
        throw new SkiffException("registry " + folder + ": branch " + branch + " is checked out; check out the"
            + " default branch so that Skiff can update " + branch + " without touching the working tree");
      }
      Ref existing = repository.exactRef(refName);
      ObjectId base = existing != null ? existing.getObjectId() : defaultBranch.getObjectId();
      String location = "branch " + branch + " of " + folder;
      try (ObjectInserter inserter = repository.newObjectInserter();
          ObjectReader reader = repository.newObjectReader();
          RevWalk walk = new RevWalk(reader)) {
        RevCommit baseCommit = walk.parseCommit(base);
        Map<String, String> pages = pages(request, reader, baseCommit);
        if (pages.isEmpty()) {
          String current = existing != null ? location
              : "default branch " + Repository.shortenRefName(defaultBranch.getName()) + " of " + folder;
          return new PublishResult(false, current, Optional.empty(), Optional.empty());
        }
        ObjectId tree = replace(reader, inserter, baseCommit, pages);
        ObjectId commit = commit(inserter, tree, base, message(request));
        inserter.flush();
        move(repository, refName, existing, commit, branch);
        return new PublishResult(true, location, Optional.of(commit.name()), Optional.empty());
      }
    }
  }

  /** The pages to write: changed manifests, and the collection and tag pages when missing. */
  private Map<String, String> pages(PublishRequest request, ObjectReader reader, RevCommit base) throws IOException {
    Namespace namespace = request.namespace();
    Map<String, String> pages = new LinkedHashMap<>();
    Optional<String> collection = read(reader, base, RegistryLayout.collection(namespace));
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

  private static ObjectId replace(ObjectReader reader, ObjectInserter inserter, RevCommit base, Map<String, String> pages)
      throws IOException {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, base.getTree());
    builder.finish();
    DirCacheEditor editor = index.editor();
    for (Map.Entry<String, String> page : pages.entrySet()) {
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, page.getValue().getBytes(StandardCharsets.UTF_8));
      editor.add(new DirCacheEditor.PathEdit(page.getKey()) {
        @Override
        public void apply(DirCacheEntry entry) {
          entry.setFileMode(FileMode.REGULAR_FILE);
          entry.setObjectId(blob);
        }
      });
    }
    editor.finish();
    return index.writeTree(inserter);
  }

  private ObjectId commit(ObjectInserter inserter, ObjectId tree, ObjectId parent, String message) throws IOException {
    PersonIdent now = new PersonIdent(identity, Instant.now(), TimeZone.getTimeZone("UTC").toZoneId());
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    commit.setParentId(parent);
    commit.setAuthor(now);
    commit.setCommitter(now);
    commit.setMessage(message);
    return inserter.insert(commit);
  }

  private void move(Repository repository, String refName, Ref existing, ObjectId commit, String branch)
      throws SkiffException, IOException {
    RefUpdate update = repository.updateRef(refName);
    update.setExpectedOldObjectId(existing != null ? existing.getObjectId() : ObjectId.zeroId());
    update.setNewObjectId(commit);
    update.setRefLogMessage("skiff: publish", false);
    RefUpdate.Result result = update.update();
    switch (result) {
      case NEW, FAST_FORWARD -> { }
      case LOCK_FAILURE, REJECTED -> throw new SkiffException("registry " + folder + ": branch " + branch
          + " was changed by someone else during this run; run again");
      default -> throw new SkiffException("registry " + folder + ": cannot update branch " + branch + ": " + result);
    }
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

  private static Optional<String> read(ObjectReader reader, RevCommit commit, String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(reader, path, commit.getTree())) {
      if (walk == null || !walk.getFileMode(0).equals(FileMode.REGULAR_FILE)) {
        return Optional.empty();
      }
      return Optional.of(new String(reader.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
    }
  }
}
