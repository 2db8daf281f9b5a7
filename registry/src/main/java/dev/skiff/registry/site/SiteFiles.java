package dev.skiff.registry.site;

import dev.skiff.model.Namespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The output folder: every write stays inside it, and a namespace's folder can be removed whole.
 * Safe for several rendering threads.
 */
final class SiteFiles {
  private final Path root;
  // Folders made by this render: a site has a folder per tag, and asking the file system again for each is slow.
  private final Set<Path> folders = ConcurrentHashMap.newKeySet();

  SiteFiles(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  void write(String path, byte[] content) throws IOException {
    Path file = root.resolve(path).normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw new IOException("refusing to write " + path + " outside " + root);
    }
    Path folder = file.getParent();
    if (!folders.contains(folder)) {
      Files.createDirectories(folder);
      folders.add(folder);
    }
    Files.write(file, content);
  }

  /** Removes a namespace's folder, and its owner's folder when that is left empty. */
  void removeNamespace(Namespace namespace) throws IOException {
    folders.clear();
    Path owner = root.resolve(namespace.owner());
    deleteTree(owner.resolve(namespace.name()));
    if (Files.isDirectory(owner)) {
      try (Stream<Path> left = Files.list(owner)) {
        if (left.findAny().isEmpty()) {
          Files.delete(owner);
        }
      }
    }
  }

  void deleteTree(String path) throws IOException {
    folders.clear();
    deleteTree(root.resolve(path));
  }

  /** Empties the folder, keeping the folder itself. */
  void clear() throws IOException {
    folders.clear();
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        deleteTree(entry);
      }
    }
  }

  private static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
