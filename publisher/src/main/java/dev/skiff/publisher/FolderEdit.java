package dev.skiff.publisher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.util.Paths;

/**
 * Writes files into one folder of a git tree and returns the new root tree. Only the folder's own
 * subtree and the trees on the path down to it are read and written; every other subtree is kept
 * by its id, unread. So the cost follows the folder, not the repository, and the other subtrees
 * need not even be present locally.
 */
final class FolderEdit {
  private FolderEdit() {}

  /**
   * @param folder the folder's path segments from the root, such as {@code [owner, name]}
   * @param files content by path relative to the folder
   * @param removed folders relative to the folder, removed with all they hold
   */
  static ObjectId write(ObjectReader reader, ObjectInserter inserter, ObjectId root, List<String> folder,
      Map<String, String> files, Set<String> removed) throws IOException {
    return replace(reader, inserter, root, folder, 0, files, removed);
  }

  private static ObjectId replace(ObjectReader reader, ObjectInserter inserter, ObjectId tree, List<String> folder,
      int depth, Map<String, String> files, Set<String> removed) throws IOException {
    if (depth == folder.size()) {
      return edit(reader, inserter, tree, files, removed);
    }
    String name = folder.get(depth);
    List<Entry> entries = tree == null ? new ArrayList<>() : entries(reader, tree);
    ObjectId child = null;
    for (Entry entry : entries) {
      if (entry.name().equals(name) && entry.mode() == FileMode.TREE) {
        child = entry.id();
      }
    }
    entries.removeIf(entry -> entry.name().equals(name));
    entries.add(new Entry(name, FileMode.TREE, replace(reader, inserter, child, folder, depth + 1, files, removed)));
    return write(inserter, entries);
  }

  /**
   * A tree with the files written into it, through an in-memory index of that tree alone; from the
   * root, the whole repository's index.
   */
  static ObjectId edit(ObjectReader reader, ObjectInserter inserter, ObjectId tree, Map<String, String> files,
      Set<String> removed) throws IOException {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    if (tree != null) {
      builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, tree);
    }
    builder.finish();
    DirCacheEditor editor = index.editor();
    for (String folder : removed) {
      editor.add(new DirCacheEditor.DeleteTree(folder));
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8));
      editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
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

  private record Entry(String name, FileMode mode, ObjectId id) {
    byte[] bytes() {
      return name.getBytes(StandardCharsets.UTF_8);
    }
  }

  private static List<Entry> entries(ObjectReader reader, ObjectId tree) throws IOException {
    List<Entry> entries = new ArrayList<>();
    CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
    for (; !parser.eof(); parser.next()) {
      entries.add(new Entry(parser.getEntryPathString(), parser.getEntryFileMode(), parser.getEntryObjectId()));
    }
    return entries;
  }

  private static ObjectId write(ObjectInserter inserter, List<Entry> entries) throws IOException {
    // Git's tree order: by name, a subtree's name compared as if it ended in '/'.
    entries.sort((a, b) -> {
      byte[] x = a.bytes();
      byte[] y = b.bytes();
      return Paths.compare(x, 0, x.length, a.mode().getBits(), y, 0, y.length, b.mode().getBits());
    });
    TreeFormatter formatter = new TreeFormatter();
    for (Entry entry : entries) {
      formatter.append(entry.name(), entry.mode(), entry.id());
    }
    return inserter.insert(formatter);
  }
}
