package dev.skiff.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A folder of plain files in a store, served as they are: a static site in a bucket website, say.
 * Unlike {@link Storage}, whose blobs are content addressed and never replaced, a file here is
 * replaced in place by a newer one. Paths are relative, {@code /}-separated, below the URI the
 * store was opened with.
 */
public interface StaticFiles extends AutoCloseable {

  /**
   * Every file below the root, by path, with the MD5 of its bytes in lowercase hex, so that a
   * publisher sends only what changed; a file whose MD5 the store does not know maps to "".
   */
  Map<String, String> list() throws SkiffException, IOException, InterruptedException;

  /** Stores a file at a path, replacing what is there; readers see the old file or the new one, never a part. */
  void put(String path, Path file, String contentType, String cacheControl)
      throws SkiffException, IOException, InterruptedException;

  /** Deletes one file by its path in the folder; a file that is not there is no error. */
  void delete(String path) throws SkiffException, IOException, InterruptedException;

  /** Where a path lives, for messages ({@code s3://bucket/site/index.html}). */
  String describe(String path);

  @Override
  default void close() throws IOException {}

  /**
   * Checks a path before a store uses it: relative, {@code /}-separated, no empty, {@code .} or
   * {@code ..} segment, no backslash or control character, so that no file lands outside the root.
   *
   * @return the path
   * @throws IllegalArgumentException when it is not such a path
   */
  static String checkPath(String path) {
    boolean bad = path.isEmpty() || path.startsWith("/") || path.contains("\\")
        || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    for (String segment : path.split("/", -1)) {
      bad |= segment.isEmpty() || segment.equals(".") || segment.equals("..");
    }
    if (bad) {
      throw new IllegalArgumentException("not a relative path inside the site: '" + path + "'");
    }
    return path;
  }
}
