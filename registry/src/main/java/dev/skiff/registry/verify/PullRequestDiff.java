package dev.skiff.registry.verify;

import dev.skiff.registry.RegistryKeys;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What merging a pull request would change: the paths that differ between the base and the
 * result of merging the head into it, as git merges (recursively, over every merge base). Judging
 * the head against one merge base instead would miss what a criss-cross history brings in: a
 * merge can put back other namespaces' older pages that no diff from a single merge base shows.
 * Also every path of the merge result (to find collisions) and the base's rules.
 *
 * @param base the base's commit, which the merge result is compared with
 * @param head the pull request's head
 * @param changes the paths the merge would change, in path order
 * @param mergedPaths every file path of the merge result
 * @param rules the registry's rules, read from the base
 * @param keys the registry's public keys ({@code .skiff/keys/*.asc}), read from the base, by path
 */
public record PullRequestDiff(
    RevCommit base, RevCommit head, List<Change> changes, List<String> mergedPaths, RegistryRules rules,
    Map<String, String> keys) {

  /** Copies the lists and the keys. */
  public PullRequestDiff {
    changes = List.copyOf(changes);
    mergedPaths = List.copyOf(mergedPaths);
    keys = Map.copyOf(keys);
  }

  /** The changes from the merge base of two revisions to the head. */
  public static PullRequestDiff read(Repository repository, String baseRev, String headRev)
      throws SkiffException, IOException {
    try (RevWalk walk = new RevWalk(repository); ObjectReader reader = repository.newObjectReader()) {
      RevCommit base = walk.parseCommit(resolve(repository, baseRev, "--base"));
      RevCommit head = walk.parseCommit(resolve(repository, headRev, "--head"));
      ObjectId merged = mergedTree(repository, walk, base, head, baseRev);
      RegistryRules rules = RegistryRules.at(reader, base.getTree());
      List<Change> changes = new ArrayList<>();
      try (TreeWalk tree = new TreeWalk(reader)) {
        tree.addTree(base.getTree());
        tree.addTree(merged);
        tree.setRecursive(true);
        tree.setFilter(TreeFilter.ANY_DIFF);
        while (tree.next()) {
          changes.add(change(reader, tree, rules.maxFileSize()));
        }
      }
      List<String> mergedPaths = new ArrayList<>();
      try (TreeWalk tree = new TreeWalk(reader)) {
        tree.addTree(merged);
        tree.setRecursive(true);
        while (tree.next()) {
          mergedPaths.add(tree.getPathString());
        }
      }
      return new PullRequestDiff(base, head, changes, mergedPaths, rules, RegistryKeys.read(reader, base.getTree()));
    }
  }

  private static Change change(ObjectReader reader, TreeWalk tree, long maxFileSize) throws IOException {
    FileMode before = tree.getFileMode(0);
    FileMode after = tree.getFileMode(1);
    String path = tree.getPathString();
    if (after == FileMode.MISSING || after == FileMode.TREE) {
      return new Change(Change.Kind.DELETE, path, Optional.empty(), 0, Optional.empty());
    }
    Change.Kind kind = before == FileMode.MISSING || before == FileMode.TREE ? Change.Kind.ADD : Change.Kind.MODIFY;
    Change.EntryType type = type(after);
    ObjectId id = tree.getObjectId(1);
    long size = type == Change.EntryType.SUBMODULE ? 0 : reader.getObjectSize(id, Constants.OBJ_BLOB);
    Optional<byte[]> content = type == Change.EntryType.FILE && size <= maxFileSize
        ? Optional.of(reader.open(id, Constants.OBJ_BLOB).getBytes()) : Optional.empty();
    return new Change(kind, path, Optional.of(type), size, content);
  }

  private static Change.EntryType type(FileMode mode) {
    if (mode == FileMode.SYMLINK) {
      return Change.EntryType.SYMLINK;
    }
    if (mode == FileMode.GITLINK) {
      return Change.EntryType.SUBMODULE;
    }
    if (mode == FileMode.EXECUTABLE_FILE) {
      return Change.EntryType.EXECUTABLE;
    }
    return mode == FileMode.TREE ? Change.EntryType.TREE : Change.EntryType.FILE;
  }

  private static ObjectId resolve(Repository repository, String rev, String option) throws SkiffException, IOException {
    ObjectId id;
    try {
      id = repository.resolve(rev + "^{commit}");
    } catch (RevisionSyntaxException e) {
      id = null;
    }
    if (id == null) {
      throw new UsageException(option + " " + rev + ": no such commit in " + repository.getDirectory()
          + " (fetch the pull request's base and head first, with enough history to find where they meet)");
    }
    return id;
  }

  /**
   * The tree merging the head into the base would produce: the head's own when it already holds
   * the base; else a recursive merge in memory (objects it makes go into the repository's store,
   * no ref or working tree changes). A merge with conflicts cannot be judged, and fails.
   */
  private static ObjectId mergedTree(Repository repository, RevWalk walk, RevCommit base, RevCommit head,
      String baseRev) throws SkiffException, IOException {
    if (walk.isMergedInto(base, head)) {
      return head.getTree();
    }
    ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repository, true);
    if (!merger.merge(base, head)) {
      List<String> paths = new ArrayList<>(merger.getUnmergedPaths());
      if (merger.getFailingPaths() != null) {
        paths.addAll(merger.getFailingPaths().keySet());
      }
      throw new SkiffException("the pull request does not merge cleanly into " + baseRev + " (conflicts in "
          + String.join(", ", paths.stream().limit(5).toList()) + (paths.size() > 5 ? ", ..." : "")
          + "); update its branch first");
    }
    return merger.getResultTreeId();
  }
}
