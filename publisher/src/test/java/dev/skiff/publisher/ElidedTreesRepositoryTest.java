package dev.skiff.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only the trees the push takes as the remote's read as empty, fetched or not; everything else reads
 * as it is, or is missing.
 */
class ElidedTreesRepositoryTest {
  static final ObjectId LEFT_ON_SERVER = ObjectId.fromString("1111111111111111111111111111111111111111");
  static final ObjectId SIMPLY_MISSING = ObjectId.fromString("2222222222222222222222222222222222222222");

  @TempDir
  Path dir;

  @Test
  void theRemotesTreesReadEmptyOtherObjectsReadAsStoredAndAnythingElseIsMissing() throws Exception {
    ObjectId blob;
    ObjectId fetched;
    ObjectId onPath;
    try (Repository plain = Git.init().setBare(true).setDirectory(dir.toFile()).call().getRepository();
        ObjectInserter inserter = plain.newObjectInserter()) {
      blob = inserter.insert(Constants.OBJ_BLOB, "page".getBytes(StandardCharsets.UTF_8));
      TreeFormatter tree = new TreeFormatter();
      tree.append("README.md", FileMode.REGULAR_FILE, blob);
      fetched = inserter.insert(tree);
      TreeFormatter other = new TreeFormatter();
      other.append("index.md", FileMode.REGULAR_FILE, blob);
      onPath = inserter.insert(other);
      inserter.flush();
    }
    try (Repository repository = new ElidedTreesRepository(dir.toFile(), Set.of(LEFT_ON_SERVER, fetched));
        ObjectReader reader = repository.newObjectReader()) {
      assertThat(reader.open(fetched, Constants.OBJ_TREE).getCachedBytes())
          .as("a remote's tree that a whole fetch brought is not read either").isEmpty();
      assertThat(reader.open(onPath, Constants.OBJ_TREE).getSize()).isPositive();
      assertThat(reader.open(LEFT_ON_SERVER, Constants.OBJ_TREE).getType()).isEqualTo(Constants.OBJ_TREE);
      assertThat(reader.open(LEFT_ON_SERVER, Constants.OBJ_TREE).getCachedBytes()).isEmpty();
      assertThat(reader.newReader().open(LEFT_ON_SERVER, ObjectReader.OBJ_ANY).getSize()).isZero();
      assertThat(reader.open(blob).getCachedBytes()).isEqualTo("page".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> reader.open(LEFT_ON_SERVER, Constants.OBJ_BLOB))
          .as("an elided id is a tree, never a blob").isInstanceOf(MissingObjectException.class);
      assertThatThrownBy(() -> reader.open(SIMPLY_MISSING, Constants.OBJ_TREE))
          .isInstanceOf(MissingObjectException.class);
    }
  }
}
