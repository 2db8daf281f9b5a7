package dev.skiff.builders.scratch;

import dev.skiff.model.Recipe;
import dev.skiff.model.RecipeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Assembles the root file system of a scratch image in a folder: the {@code %files}, and the
 * {@code /.singularity.d} metadata that Apptainer reads at run time. Files get normalized
 * permissions so that the image does not depend on the checkout's umask.
 *
 * <p>Symbolic links copied into the image stay links in the image and are never followed on this
 * machine: every write resolves its path one folder at a time and refuses to pass through a link,
 * a link never replaces a folder, and only regular files, folders and links are copied (a FIFO
 * would block the build, a device is no file to copy).
 */
final class RootFileSystem {
  private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");
  private static final String[] MOUNT_POINTS = {"dev", "proc", "sys", "tmp", "home", "root", "etc"};

  private final Path root;
  private final BuildDeadline deadline;

  RootFileSystem(Path root, BuildDeadline deadline) {
    this.root = root;
    this.deadline = deadline;
  }

  void createSkeleton() throws IOException {
    for (String folder : MOUNT_POINTS) {
      Files.createDirectories(root.resolve(folder));
    }
    Files.createDirectories(root.resolve(".singularity.d/env"));
  }

  /**
   * Copies one {@code %files} source into the image.
   *
   * @param recipe the recipe, whose repository bounds what may be copied
   * @param line the line of the entry, for messages
   * @param source the source as written, relative to the recipe's folder
   * @param destination the path in the image as written, or null for the source's own path
   */
  void copy(Recipe recipe, int line, String source, String destination) throws RecipeException, IOException {
    deadline.check();
    Path repository = recipe.root().toRealPath();
    Path from = recipe.folder().resolve(source).normalize();
    if (!from.startsWith(recipe.root().normalize())) {
      throw new RecipeException(recipe.path(), line, "%files source '" + source + "' lies outside the repository");
    }
    if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
      throw new RecipeException(recipe.path(), line, "%files source '" + source + "' does not exist (looked for "
          + recipe.root().relativize(from) + ")");
    }
    if (!from.toRealPath().startsWith(repository)) {
      throw new RecipeException(recipe.path(), line, "%files source '" + source
          + "' is a symbolic link leading outside the repository");
    }
    if (!Files.isDirectory(from) && !Files.isRegularFile(from)) {
      throw new RecipeException(recipe.path(), line, "%files source '" + source + "' is not a regular file or a"
          + " folder");
    }
    String target = destination != null ? destination : "/" + recipe.folder().relativize(from);
    Path to = root.resolve(target.replaceFirst("^/+", "")).normalize();
    if (!to.startsWith(root) || to.equals(root) && !Files.isDirectory(from)) {
      throw new RecipeException(recipe.path(), line, "%files destination '" + target + "' lies outside the image");
    }
    try {
      if (Files.isDirectory(inside(to), LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(from)) {
        to = to.resolve(from.getFileName().toString());
      }
      folders(to.getParent());
      if (Files.isDirectory(from)) {
        copyTree(from, to);
      } else {
        Files.copy(from.toRealPath(), inside(to), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (UnsafePathException e) {
      throw new RecipeException(recipe.path(), line, "%files '" + source + "': " + e.getMessage());
    }
  }

  /** Why a write into the image was refused. */
  static final class UnsafePathException extends IOException {
    private static final long serialVersionUID = 1L;

    UnsafePathException(String message) {
      super(message);
    }
  }

  /**
   * {@code path} (below the root), checked so that writing to it follows no link: no folder on the
   * way is a link, and neither is the path itself. Missing folders are fine; {@link #folders} makes them.
   */
  private Path inside(Path path) throws UnsafePathException {
    Path relative = root.relativize(path.normalize());
    Path current = root;
    for (Path part : relative) {
      current = current.resolve(part);
      if (Files.isSymbolicLink(current)) {
        throw new UnsafePathException("/" + root.relativize(current) + " in the image is a symbolic link; Skiff does"
            + " not write through links");
      }
    }
    return current;
  }

  /** Makes the folders of {@code path} one at a time, none of them through a link. */
  private void folders(Path path) throws IOException {
    Path current = root;
    for (Path part : root.relativize(path.normalize())) {
      current = current.resolve(part);
      if (Files.isSymbolicLink(current)) {
        throw new UnsafePathException("/" + root.relativize(current) + " in the image is a symbolic link; Skiff does"
            + " not write through links");
      }
      if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(current);
      }
    }
  }

  void writeFile(String pathInImage, String content, boolean executable) throws IOException {
    Path file = inside(root.resolve(pathInImage.replaceFirst("^/+", "")));
    folders(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, executable ? EXECUTABLE : READABLE);
  }

  /** Every folder 0755, every file 0644 or, if its owner may run it, 0755. */
  void normalizePermissions() throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.setPosixFilePermissions(dir, EXECUTABLE);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          boolean runnable = Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
          Files.setPosixFilePermissions(file, runnable ? EXECUTABLE : READABLE);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        deadline.check();
        folders(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        deadline.check();
        Path target = inside(to.resolve(from.relativize(file).toString()));
        if (attrs.isSymbolicLink()) {
          if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafePathException(from.relativize(file) + " is a symbolic link, and would replace the folder /"
                + root.relativize(target) + " of the image");
          }
          Files.deleteIfExists(target);
          Files.createSymbolicLink(target, Files.readSymbolicLink(file));
        } else if (attrs.isRegularFile()) {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        } else {
          throw new UnsafePathException(from.relativize(file) + " is not a regular file, a folder or a link");
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
