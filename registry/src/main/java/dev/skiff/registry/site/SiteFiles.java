package dev.skiff.registry.site;

import dev.skiff.model.Namespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The output folder: every write stays inside it, and a namespace's folder can be removed whole. */
final class SiteFiles {
  private final Path root;

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
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  /** Removes a namespace's folder, and its owner's folder when that is left empty. */
  void removeNamespace(Namespace namespace) throws IOException {
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
    deleteTree(root.resolve(path));
  }

  /** Empties the folder, keeping the folder itself. */
  void clear() throws IOException {
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
