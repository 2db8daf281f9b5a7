package dev.skiff.support;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deleting whole trees of files. Links are deleted as links, never followed. */
public final class FileTrees {
  private FileTrees() {}

  /** Deletes a file or a folder with all it holds; nothing when it does not exist. Stops at the first failure. */
  public static void delete(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> deepestFirst;
    try (Stream<Path> paths = Files.walk(path)) {
      deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : deepestFirst) {
      Files.delete(p);
    }
  }

  /**
   * Deletes what it can of a tree and leaves the rest: for temporary folders, whose leftovers do no
   * harm and whose removal must not hide the outcome of the work done in them.
   */
  public static void deleteQuietly(Path path) {
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          deleteEntry(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
          deleteEntry(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // See above: best effort.
    }
  }

  private static void deleteEntry(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // See deleteQuietly: best effort.
    }
  }
}
