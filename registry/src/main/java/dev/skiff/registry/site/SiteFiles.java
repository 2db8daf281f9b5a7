package dev.skiff.registry.site;

import dev.skiff.model.Namespace;
import dev.skiff.support.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /**
   * Removes a namespace's folder and its answers to the Singularity Hub client, and the owner's
   * folders when they are left empty.
   */
  void removeNamespace(Namespace namespace) throws IOException {
    folders.clear();
    Path owner = root.resolve(namespace.owner());
    FileTrees.delete(owner.resolve(namespace.name()));
    deleteIfEmpty(owner);
    Path oci = root.resolve(OciTree.ROOT + namespace.owner());
    FileTrees.delete(oci.resolve(namespace.name()));
    deleteIfEmpty(oci);
    Path shub = root.resolve(ShubApi.FOLDER + namespace.owner());
    if (Files.isDirectory(shub)) {
      try (Stream<Path> answers = Files.list(shub)) {
        for (Path answer : answers.filter(p -> ShubApi.belongsTo(p.getFileName().toString(), namespace.name()))
            .toList()) {
          Files.delete(answer);
        }
      }
      deleteIfEmpty(shub);
      deleteIfEmpty(shub.getParent());
      deleteIfEmpty(shub.getParent().getParent());
    }
  }

  private static void deleteIfEmpty(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      try (Stream<Path> left = Files.list(folder)) {
        if (left.findAny().isEmpty()) {
          Files.delete(folder);
        }
      }
    }
  }

  /** Removes an owner's page, and the owner's folder when that leaves it empty. */
  void removeOwnerPage(String owner) throws IOException {
    folders.clear();
    Path folder = root.resolve(owner);
    Files.deleteIfExists(folder.resolve("index.html"));
    deleteIfEmpty(folder);
  }

  void deleteTree(String path) throws IOException {
    folders.clear();
    FileTrees.delete(root.resolve(path));
  }

  /** Empties the folder, keeping the folder itself. */
  void clear() throws IOException {
    folders.clear();
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        FileTrees.delete(entry);
      }
    }
  }

}
