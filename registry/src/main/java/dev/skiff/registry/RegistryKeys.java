package dev.skiff.registry;

import dev.skiff.signing.PublicKeys;
import dev.skiff.signing.SigningException;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * The public keys a registry trusts to sign its images: armored, one {@code .asc} file per key, in
 * {@link RegistryLayout#KEYS_FOLDER}. Only the registry's maintainers change them; verify reads them
 * from a pull request's base, the site from the rendered commit.
 */
public final class RegistryKeys {
  private RegistryKeys() {}

  /** The armored keys of a tree, by path. */
  public static Map<String, String> read(ObjectReader reader, RevTree tree) throws IOException {
    Map<String, String> keys = new TreeMap<>();
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(tree);
      walk.setRecursive(true);
      walk.setFilter(PathFilter.create(RegistryLayout.KEYS_FOLDER.substring(0, RegistryLayout.KEYS_FOLDER.length() - 1)));
      while (walk.next()) {
        if (walk.getPathString().endsWith(".asc") && walk.getFileMode(0) == FileMode.REGULAR_FILE) {
          keys.put(walk.getPathString(), new String(reader.open(walk.getObjectId(0))
              .getBytes((int) RegistryLayout.MAX_PAGE_BYTES), StandardCharsets.US_ASCII));
        }
      }
    }
    return keys;
  }

  /** The keys of a tree, read; a file that holds no key fails, naming it. */
  public static PublicKeys parse(Map<String, String> armored) throws SkiffException {
    try {
      return PublicKeys.read(armored);
    } catch (SigningException e) {
      throw new SkiffException("registry key " + e.getMessage());
    }
  }
}
