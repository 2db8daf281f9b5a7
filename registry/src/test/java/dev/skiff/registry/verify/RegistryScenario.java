package dev.skiff.registry.verify;

import dev.skiff.registry.RegistryInit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A registry repository with history, and pull requests written against it. Trees are written
 * object by object, so that a test can commit what no file system or git porcelain would let it:
 * symbolic links, submodules, paths with {@code ..}, backslashes or control characters.
 */
public final class RegistryScenario implements AutoCloseable {
  private final Repository repository;
  private final PersonIdent author = new PersonIdent("test", "test@example.org");

  /** A registry as {@code skiff registry init} makes it, whose rules let blobs be served on loopback. */
  public RegistryScenario(Path folder) throws Exception {
    RegistryInit.init(folder, "main", "myorg");
    repository = new FileRepositoryBuilder().setGitDir(folder.resolve(".git").toFile()).build();
    onMain().write(RegistryRules.FILE, Files.readString(folder.resolve(RegistryRules.FILE))
        .replace("allow-private-addresses: false\n", LOOPBACK_BLOBS)).commit();
  }

  private RegistryScenario(Repository repository) {
    this.repository = repository;
  }

  /** A registry a scenario made earlier, to write more history into. */
  public static RegistryScenario open(Path folder) throws Exception {
    return new RegistryScenario(new FileRepositoryBuilder().setGitDir(folder.resolve(".git").toFile()).build());
  }

  /** The rule the tests' blob servers need: they answer on loopback. */
  public static final String LOOPBACK_BLOBS = "allow-private-addresses: true\n";

  public Repository repository() {
    return repository;
  }

  /** A tree entry: mode and content. */
  record Entry(FileMode mode, ObjectId id) {}

  /** Edits to one commit: files to write (with a mode) and paths to delete. */
  public final class Edit {
    private final String branch;
    private final String from;
    private final Map<String, Entry> writes = new TreeMap<>();
    private final List<String> deletes = new ArrayList<>();
    private final List<String> otherParents = new ArrayList<>();
    private PersonIdent committer = author;

    Edit(String branch, String from) {
      this.branch = branch;
      this.from = from;
    }

    public Edit write(String path, String content) throws IOException {
      return write(path, FileMode.REGULAR_FILE, content.getBytes(StandardCharsets.UTF_8));
    }

    public Edit write(String path, FileMode mode, byte[] content) throws IOException {
      try (ObjectInserter inserter = repository.newObjectInserter()) {
        ObjectId id = inserter.insert(Constants.OBJ_BLOB, content);
        inserter.flush();
        writes.put(path, new Entry(mode, id));
      }
      return this;
    }

    public Edit submodule(String path) {
      writes.put(path, new Entry(FileMode.GITLINK, ObjectId.fromString("0123456789012345678901234567890123456789")));
      return this;
    }

    public Edit delete(String path) {
      deletes.add(path);
      return this;
    }

    /**
     * Makes the commit a merge of {@code rev} too, keeping this edit's tree: what {@code git merge
     * -s ours} makes, or, with the other side's changes written in, any merge.
     */
    public Edit alsoParent(String rev) {
      otherParents.add(rev);
      return this;
    }

    /** Commits at this time (a committer's clock may say anything). */
    public Edit at(Instant when) {
      committer = new PersonIdent(author, Date.from(when), TimeZone.getTimeZone("UTC"));
      return this;
    }

    /** Commits the edits on top of {@code from} and points the branch at the commit. */
    public String commit() throws IOException {
      try (RevWalk walk = new RevWalk(repository); ObjectInserter inserter = repository.newObjectInserter()) {
        RevCommit parent = walk.parseCommit(repository.resolve(from));
        Map<String, Entry> files = new TreeMap<>();
        try (TreeWalk tree = new TreeWalk(repository)) {
          tree.addTree(parent.getTree());
          tree.setRecursive(true);
          while (tree.next()) {
            files.put(tree.getPathString(), new Entry(tree.getFileMode(0), tree.getObjectId(0)));
          }
        }
        deletes.forEach(files::remove);
        files.putAll(writes);
        ObjectId tree = writeTree(inserter, files, "");
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        List<ObjectId> parents = new ArrayList<>(List.of(parent));
        for (String other : otherParents) {
          parents.add(repository.resolve(other));
        }
        commit.setParentIds(parents);
        commit.setAuthor(committer);
        commit.setCommitter(committer);
        commit.setMessage("test change\n");
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
        update.setNewObjectId(id);
        update.forceUpdate();
        return id.name();
      }
    }
  }

  /** Edits that start from {@code main} and go to {@code branch}. */
  public Edit pullRequest(String branch) {
    return new Edit(branch, "refs/heads/main");
  }

  /** Edits on top of any revision, to any branch. */
  public Edit on(String branch, String from) {
    return new Edit(branch, from);
  }

  /** Edits committed straight to main (the registry's history before the pull request). */
  public Edit onMain() {
    return new Edit("main", "refs/heads/main");
  }

  /** Writes nested trees; entries sort as git sorts them (a folder as its name plus '/'). */
  private static ObjectId writeTree(ObjectInserter inserter, Map<String, Entry> files, String prefix)
      throws IOException {
    TreeMap<String, Object> children = new TreeMap<>((a, b) -> sortKey(a).compareTo(sortKey(b)));
    Map<String, Map<String, Entry>> folders = new TreeMap<>();
    for (Map.Entry<String, Entry> file : files.entrySet()) {
      String rest = file.getKey();
      int slash = rest.indexOf('/');
      if (slash < 0) {
        children.put(rest, file.getValue());
      } else {
        folders.computeIfAbsent(rest.substring(0, slash), k -> new TreeMap<>()).put(rest.substring(slash + 1), file.getValue());
      }
    }
    for (Map.Entry<String, Map<String, Entry>> folder : folders.entrySet()) {
      children.put(folder.getKey() + "/", writeTree(inserter, folder.getValue(), prefix + folder.getKey() + "/"));
    }
    TreeFormatter formatter = new TreeFormatter();
    for (Map.Entry<String, Object> child : children.entrySet()) {
      if (child.getValue() instanceof Entry entry) {
        formatter.append(child.getKey(), entry.mode(), entry.id());
      } else {
        String name = child.getKey().substring(0, child.getKey().length() - 1);
        formatter.append(name, FileMode.TREE, (ObjectId) child.getValue());
      }
    }
    return inserter.insert(formatter);
  }

  /** Git compares entry names as bytes, with a folder's name followed by '/'. */
  private static String sortKey(String name) {
    return new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    repository.close();
  }
}
