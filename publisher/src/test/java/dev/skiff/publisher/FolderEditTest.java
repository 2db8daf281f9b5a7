package dev.skiff.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rewriting only the trees on a folder's path gives the very tree that rebuilding the whole index
 * gives, whatever the names around it (git sorts a subtree as if its name ended in '/', so names
 * with '-', '.' and digits are where an ordering mistake would show).
 */
class FolderEditTest {
  static final String[] NAMES = {"a", "a-b", "a.b", "a0", "ab", "b", "tools", "tools-x", "tools.y", "z"};

  @TempDir
  Path dir;

  @Test
  void theSameTreeAsAWholeIndexForManyRandomRegistries() throws Exception {
    try (Repository repository = Git.init().setBare(true).setDirectory(dir.toFile()).call().getRepository();
        ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = repository.newObjectReader()) {
      Random random = new Random(7);
      for (int round = 0; round < 200; round++) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = random.nextInt(12); i >= 0; i--) {
          files.put(pick(random) + "/" + pick(random) + "/" + pick(random) + "/README.md", "page " + i);
        }
        if (random.nextBoolean()) {
          files.put(pick(random), "a file where a folder could be");
        }
        ObjectId base = writeWhole(inserter, reader, null, files);
        String owner = pick(random);
        String name = pick(random);
        Map<String, String> pages = Map.of("README.md", "collection " + round,
            "manifests/" + pick(random) + "/README.md", "manifest " + round);

        ObjectId edited = FolderEdit.write(reader, inserter, base, List.of(owner, name), pages, Set.of());

        Map<String, String> expected = new LinkedHashMap<>();
        files.forEach((path, content) -> {
          if (!path.equals(owner) && !path.equals(owner + "/" + name)) {
            expected.put(path, content);
          }
        });
        pages.forEach((path, content) -> expected.put(owner + "/" + name + "/" + path, content));
        assertThat(edited).as("round %d: %s into %s/%s", round, files.keySet(), owner, name)
            .isEqualTo(writeWhole(inserter, reader, null, expected));
      }
    }
  }

  private static String pick(Random random) {
    return NAMES[random.nextInt(NAMES.length)];
  }

  /** The reference: every file through one in-memory index of the whole tree (DirCache sorts). */
  private static ObjectId writeWhole(ObjectInserter inserter, ObjectReader reader, ObjectId base,
      Map<String, String> files) throws Exception {
    return FolderEdit.edit(reader, inserter, base, files, Set.of());
  }
}
