package dev.skiff.internal.storage.local;

import dev.skiff.spi.StaticFiles;
import dev.skiff.support.FileDigests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A static site in a folder on this machine (a web server's root, say): each file is copied beside
 * its place and moved over it, so that the server never serves half a file. Files carry no type or
 * caching of their own here; the web server decides them by name.
 */
final class LocalStaticFiles implements StaticFiles {
  private final Path root;

  LocalStaticFiles(Path root) {
    this.root = root;
  }

  @Override
  public Map<String, String> list() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path file : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString().replace('\\', '/'), FileDigests.md5Hex(file));
      }
    }
    return files;
  }

  @Override
  public void put(String path, Path file, String contentType, String cacheControl) throws IOException {
    Path target = root.resolve(StaticFiles.checkPath(path));
    Files.createDirectories(target.getParent());
    Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
    try {
      Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  @Override
  public void delete(String path) throws IOException {
    Files.deleteIfExists(root.resolve(StaticFiles.checkPath(path)));
  }

  @Override
  public String describe(String path) {
    return root.resolve(path).toString();
  }
}
