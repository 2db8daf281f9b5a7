package dev.skiff.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @TempDir
  Path dir;

  private Path treeWithLinksOut() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "keep");
    Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
    Files.writeString(tree.resolve("file"), "x");
    Files.createSymbolicLink(tree.resolve("to-folder"), outside);
    Files.createSymbolicLink(tree.resolve("to-file"), outside.resolve("keep"));
    return dir.resolve("tree");
  }

  @Test
  void deleteRemovesTheTreeAndOnlyTheLinksLeadingOut() throws Exception {
    FileTrees.delete(treeWithLinksOut());
    assertThat(dir.resolve("tree")).doesNotExist();
    assertThat(dir.resolve("outside/keep")).hasContent("keep");
  }

  @Test
  void deleteQuietlyRemovesTheTreeAndOnlyTheLinksLeadingOut() throws Exception {
    FileTrees.deleteQuietly(treeWithLinksOut());
    assertThat(dir.resolve("tree")).doesNotExist();
    assertThat(dir.resolve("outside/keep")).hasContent("keep");
  }

  @Test
  void aMissingTreeIsNothingToDelete() throws Exception {
    FileTrees.delete(dir.resolve("missing"));
    FileTrees.deleteQuietly(dir.resolve("missing"));
    assertThat(dir).isEmptyDirectory();
  }
}
