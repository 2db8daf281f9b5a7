package dev.skiff.registry.verify;

import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What a pull request changes: the paths that differ between the head and the point where it
 * branched from the base (so that commits the base gained since do not count as the pull
 * request's), every path of the head (to find collisions), and the base's rules.
 *
 * @param base the commit the comparison starts from (the merge base)
 * @param head the pull request's head
 * @param changes the changed paths, in path order
 * @param headPaths every file path in the head
 * @param rules the registry's rules, read from the base
 */
public record PullRequestDiff(
    RevCommit base, RevCommit head, List<Change> changes, List<String> headPaths, RegistryRules rules) {

  public static PullRequestDiff read(Repository repository, String baseRev, String headRev)
      throws SkiffException, IOException {
    try (RevWalk walk = new RevWalk(repository); ObjectReader reader = repository.newObjectReader()) {
      RevCommit base = walk.parseCommit(resolve(repository, baseRev, "--base"));
      RevCommit head = walk.parseCommit(resolve(repository, headRev, "--head"));
      RevCommit mergeBase = mergeBase(walk, base, head);
      RegistryRules rules = rules(reader, base);
      List<Change> changes = new ArrayList<>();
      try (TreeWalk tree = new TreeWalk(reader)) {
        tree.addTree(mergeBase.getTree());
        tree.addTree(head.getTree());
        tree.setRecursive(true);
        tree.setFilter(TreeFilter.ANY_DIFF);
        while (tree.next()) {
          changes.add(change(reader, tree, rules.maxFileSize()));
        }
      }
      List<String> headPaths = new ArrayList<>();
      try (TreeWalk tree = new TreeWalk(reader)) {
        tree.addTree(head.getTree());
        tree.setRecursive(true);
        while (tree.next()) {
          headPaths.add(tree.getPathString());
        }
      }
      return new PullRequestDiff(mergeBase, head, changes, headPaths, rules);
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

  private static RevCommit mergeBase(RevWalk walk, RevCommit base, RevCommit head) throws IOException {
    walk.reset();
    walk.setRevFilter(RevFilter.MERGE_BASE);
    walk.markStart(base);
    walk.markStart(head);
    RevCommit found = walk.next();
    walk.reset();
    walk.setRevFilter(RevFilter.ALL);
    return found != null ? walk.parseCommit(found) : base;
  }

  private static RegistryRules rules(ObjectReader reader, RevCommit base) throws SkiffException, IOException {
    try (TreeWalk walk = TreeWalk.forPath(reader, RegistryRules.FILE, base.getTree())) {
      if (walk == null) {
        return RegistryRules.defaults();
      }
      return RegistryRules.parse(new String(reader.open(walk.getObjectId(0)).getBytes(),
          StandardCharsets.UTF_8));
    }
  }
}
