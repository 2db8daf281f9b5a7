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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

  private final Map<Namespace, Map<String, List<Publication>>> byNamespace;

  private RegistryHistory(Map<Namespace, Map<String, List<Publication>>> byNamespace) {
    this.byNamespace = byNamespace;
  }

  /** No history: a registry read without its commits. */
  static RegistryHistory none() {
    return new RegistryHistory(Map.of());
  }

  /**
   * Reads the history up to {@code head}; only of the namespaces in {@code only}, when given
   * (an incremental render reads only what it renders again).
   */
  static RegistryHistory read(Repository repository, RevCommit head, Optional<Collection<Namespace>> only)
      throws IOException {
    // Per page path, its versions newest first: (blob, time).
    Map<String, List<Version>> versions = new LinkedHashMap<>();
    try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
      walk.setFirstParent(true);
      TreeFilter paths = only.map(namespaces -> namespaces.isEmpty() ? TreeFilter.ALL
          : PathFilterGroup.createFromStrings(namespaces.stream().map(Namespace::toString).toList()))
          .orElse(TreeFilter.ALL);
      if (only.isPresent() && only.get().isEmpty()) {
        return none();
      }
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
          diff.setFilter(paths == TreeFilter.ALL ? TreeFilter.ANY_DIFF : AndTreeFilter.create(paths, TreeFilter.ANY_DIFF));
          while (diff.next()) {
            String path = diff.getPathString();
            if (diff.getFileMode(1) != FileMode.REGULAR_FILE || !isManifest(path)) {
              continue;
            }
            versions.computeIfAbsent(path, p -> new ArrayList<>()).add(new Version(diff.getObjectId(1), time));
          }
        }
      }
      return new RegistryHistory(publications(reader, versions));
    }
  }

  private record Version(ObjectId blob, Instant time) {}

  private static boolean isManifest(String path) {
    return RegistryLayout.parse(path).map(p -> p.kind() == RegistryLayout.PageKind.MANIFEST).orElse(false);
  }

  private static Map<Namespace, Map<String, List<Publication>>> publications(ObjectReader reader,
      Map<String, List<Version>> versions) throws IOException {
    Map<Namespace, Map<String, List<Publication>>> byNamespace = new HashMap<>();
    Map<ObjectId, Optional<ManifestPage.Fields>> read = new HashMap<>();
    for (Map.Entry<String, List<Version>> page : versions.entrySet()) {
      RegistryLayout.PagePath path = RegistryLayout.parse(page.getKey()).orElseThrow();
      String tag = path.tag().orElseThrow().value();
      List<Publication> list = new ArrayList<>();
      // Oldest first, so that a version with the digest of the one before it is no new publication.
      List<Version> oldestFirst = new ArrayList<>(page.getValue());
      oldestFirst.sort(Comparator.comparing(Version::time));
      Digest previous = null;
      for (Version version : oldestFirst) {
        Optional<ManifestPage.Fields> fields = read.computeIfAbsent(version.blob(), blob -> fields(reader, blob));
        if (fields.isEmpty() || fields.get().digest().equals(previous)) {
          continue;
        }
        previous = fields.get().digest();
        list.add(new Publication(tag, fields.get().digest(), fields.get().size(), version.time(),
            Optional.ofNullable(fields.get().provenance().get(ManifestPage.SOURCE_COMMIT))));
      }
      java.util.Collections.reverse(list);
      byNamespace.computeIfAbsent(path.namespace(), n -> new HashMap<>())
          .put(tag, List.copyOf(list.subList(0, Math.min(list.size(), MAX_PER_TAG))));
    }
    return byNamespace;
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

  /** A tag's publications, newest first; empty when the history does not know it. */
  List<Publication> of(Namespace namespace, String tag) {
    return byNamespace.getOrDefault(namespace, Map.of()).getOrDefault(tag, List.of());
  }

  /** Every publication of a namespace's tags, newest first. */
  List<Publication> of(Namespace namespace) {
    List<Publication> all = new ArrayList<>();
    byNamespace.getOrDefault(namespace, Map.of()).values().forEach(all::addAll);
    all.sort(Comparator.comparing(Publication::published).reversed().thenComparing(Publication::tag));
    return all;
  }
}
