package dev.skiff.registry.site;

import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.registry.InvalidPageException;
import dev.skiff.registry.ManifestPage;
import dev.skiff.registry.RegistryLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * When each tag got each of its images, read from the registry repository's own history in one
 * walk per render: the commits of the default branch (first parents, so a merged pull request
 * counts once, when it was merged), each compared with its parent. A tag's publications are the
 * versions of its manifest page whose digest differs from the one before; the time is the
 * commit's. Pages that cannot be read are left out, as the render leaves them out.
 */
final class RegistryHistory {
  /** Newest first, at most this many per tag: a tag rebuilt daily for years keeps a readable page. */
  static final int MAX_PER_TAG = 50;

  /**
   * One image a tag pointed at.
   *
   * @param tag the tag
   * @param digest the image's digest
   * @param size its size in bytes
   * @param published when the registry's default branch got it
   * @param sourceCommit the source commit it was built from, when recorded
   */
  record Publication(String tag, Digest digest, long size, Instant published, Optional<String> sourceCommit) {}

  private final Repository repository;
  /** Per namespace and tag, its manifest page's versions, newest first. */
  private final Map<Namespace, Map<String, List<Version>>> versions;

  private RegistryHistory(Repository repository, Map<Namespace, Map<String, List<Version>>> versions) {
    this.repository = repository;
    this.versions = versions;
  }

  /** No history: a registry read without its commits. */
  static RegistryHistory none() {
    return new RegistryHistory(null, Map.of());
  }

  /**
   * Walks the history up to {@code head}; only of the namespaces in {@code only}, when given
   * (an incremental render reads only what it renders again). The walk notes which version of
   * each page each commit made; the versions are read later, by the threads that render their
   * namespaces, and the newest is the page the render reads anyway.
   */
  static RegistryHistory read(Repository repository, RevCommit head, Optional<Collection<Namespace>> only)
      throws IOException {
    if (only.isPresent() && only.get().isEmpty()) {
      return none();
    }
    Map<Namespace, Map<String, List<Version>>> versions = new HashMap<>();
    try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
      walk.setFirstParent(true);
      TreeFilter changed = only.map(namespaces -> AndTreeFilter.create(PathFilterGroup.createFromStrings(
          namespaces.stream().map(Namespace::toString).toList()), TreeFilter.ANY_DIFF)).orElse(TreeFilter.ANY_DIFF);
      walk.markStart(walk.parseCommit(head));
      for (RevCommit commit : walk) {
        Instant time = Instant.ofEpochSecond(commit.getCommitTime());
        try (TreeWalk diff = new TreeWalk(reader)) {
          if (commit.getParentCount() > 0) {
            diff.addTree(walk.parseCommit(commit.getParent(0)).getTree());
          } else {
            diff.addTree(new EmptyTreeIterator());
          }
          diff.addTree(commit.getTree());
          diff.setRecursive(true);
          diff.setFilter(changed);
          while (diff.next()) {
            if (diff.getFileMode(1) != FileMode.REGULAR_FILE) {
              continue;
            }
            Optional<RegistryLayout.PagePath> page = RegistryLayout.parse(diff.getPathString())
                .filter(p -> p.kind() == RegistryLayout.PageKind.MANIFEST);
            if (page.isPresent()) {
              versions.computeIfAbsent(page.get().namespace(), n -> new HashMap<>())
                  .computeIfAbsent(page.get().tag().orElseThrow().value(), t -> new ArrayList<>())
                  .add(new Version(diff.getObjectId(1), time));
            }
          }
        }
      }
    }
    return new RegistryHistory(repository, versions);
  }

  /** A version of a manifest page: its blob, and when the default branch got it. */
  private record Version(ObjectId blob, Instant time) {}

  /**
   * A tag's publications, newest first: the images its page named, each from the version that
   * first named it. Empty when the history does not know the tag.
   *
   * @param current the tag's page as the render read it, which is its newest version
   */
  List<Publication> of(Namespace namespace, String tag, ManifestPage.Fields current) {
    List<Version> pageVersions = versions.getOrDefault(namespace, Map.of()).getOrDefault(tag, List.of());
    if (pageVersions.isEmpty()) {
      return List.of();
    }
    List<Publication> newestFirst = new ArrayList<>();
    try (ObjectReader reader = repository.newObjectReader()) {
      // Oldest first, so that a version naming the image of the one before it is no new publication.
      Digest previous = null;
      for (int i = pageVersions.size() - 1; i >= 0; i--) {
        Optional<ManifestPage.Fields> fields = i == 0 ? Optional.of(current) : fields(reader, pageVersions.get(i).blob());
        if (fields.isEmpty() || fields.get().digest().equals(previous)) {
          continue;
        }
        previous = fields.get().digest();
        newestFirst.add(0, new Publication(tag, fields.get().digest(), fields.get().size(), pageVersions.get(i).time(),
            Optional.ofNullable(fields.get().provenance().get(ManifestPage.SOURCE_COMMIT))));
      }
    }
    return List.copyOf(newestFirst.subList(0, Math.min(newestFirst.size(), MAX_PER_TAG)));
  }

  private static Optional<ManifestPage.Fields> fields(ObjectReader reader, ObjectId blob) {
    try {
      if (reader.getObjectSize(blob, Constants.OBJ_BLOB) > RegistryLayout.MAX_PAGE_BYTES) {
        return Optional.empty();
      }
      return Optional.of(ManifestPage.read(new String(reader.open(blob).getBytes(), StandardCharsets.UTF_8)));
    } catch (IOException | InvalidPageException e) {
      return Optional.empty();
    }
  }
}
