package dev.skiff.internal.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.model.Digest;
import dev.skiff.model.RecipeParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildInputsTest {
  @TempDir
  Path root;

  static final String RECIPE = "Bootstrap: scratch\n%files\n  bin/tool.sh /bin/tool\n  share\n%runscript\n  exec tool\n";

  @BeforeEach
  void files() throws Exception {
    Files.createDirectories(root.resolve("img/bin"));
    Files.createDirectories(root.resolve("img/share/doc"));
    Files.writeString(root.resolve("img/bin/tool.sh"), "#!/bin/sh\necho tool\n");
    Files.writeString(root.resolve("img/share/doc/README"), "read me\n");
    Files.writeString(root.resolve("img/Singularity"), RECIPE);
  }

  Digest digest() throws Exception {
    return inputs(Files.readString(root.resolve("img/Singularity")), new TreeMap<>()).digest();
  }

  BuildInputs inputs(String text, SortedMap<String, String> settings) throws Exception {
    Files.writeString(root.resolve("img/Singularity"), text);
    return BuildInputs.of(RecipeParser.read(root, Path.of("img/Singularity")), "scratch", settings);
  }

  @Test
  void theSameInputsGiveTheSameDigest() throws Exception {
    assertThat(digest()).isEqualTo(digest());
  }

  @Test
  void aCommentOrTheSpellingOfAHeaderKeywordChangesNothing() throws Exception {
    Digest before = digest();
    Digest after = inputs("# built for the lab\nbootstrap:   scratch   # no base\n" + RECIPE.substring(RECIPE.indexOf('%')),
        new TreeMap<>()).digest();
    assertThat(after).isEqualTo(before);
  }

  @Test
  void aChangedSectionChangesTheDigest() throws Exception {
    Digest before = digest();
    assertThat(inputs(RECIPE.replace("exec tool", "exec tool --help"), new TreeMap<>()).digest()).isNotEqualTo(before);
  }

  @Test
  void aChangedFileInACopiedFolderChangesTheDigest() throws Exception {
    Digest before = digest();
    Files.writeString(root.resolve("img/share/doc/README"), "read me again\n");
    assertThat(digest()).isNotEqualTo(before);
  }

  @Test
  void anAddedFileInACopiedFolderChangesTheDigest() throws Exception {
    Digest before = digest();
    Files.writeString(root.resolve("img/share/doc/NEWS"), "");
    assertThat(digest()).isNotEqualTo(before);
  }

  @Test
  void theExecutableBitChangesTheDigest() throws Exception {
    Digest before = digest();
    Files.setPosixFilePermissions(root.resolve("img/bin/tool.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(digest()).isNotEqualTo(before);
  }

  @Test
  void aFileTheRecipeDoesNotCopyChangesNothing() throws Exception {
    Digest before = digest();
    Files.writeString(root.resolve("img/NOTES"), "not copied\n");
    Files.writeString(root.resolve("README.md"), "elsewhere\n");
    assertThat(digest()).isEqualTo(before);
  }

  @Test
  void aBuilderSettingChangesTheDigest() throws Exception {
    Digest before = digest();
    SortedMap<String, String> settings = new TreeMap<>();
    settings.put("builder.scratch.compression", "xz");
    assertThat(inputs(RECIPE, settings).digest()).isNotEqualTo(before);
  }

  @Test
  void theFilesReadAreListedForTheirHistory() throws Exception {
    assertThat(inputs(RECIPE, new TreeMap<>()).paths()).containsExactly("img/Singularity", "img/bin/tool.sh", "img/share");
  }

  @Test
  void aMissingSourceCountsAsMissingSoThatItsBuildFailsAndSaysSo() throws Exception {
    Digest before = digest();
    Files.delete(root.resolve("img/bin/tool.sh"));
    assertThat(digest()).isNotEqualTo(before);
  }

  @Test
  void aRecipeThatCopiesTheWholeRepositoryListsItAsOnePath() throws Exception {
    Files.writeString(root.resolve("Singularity"), "Bootstrap: scratch\n%files\n  . /src\n");
    BuildInputs inputs = BuildInputs.of(RecipeParser.read(root, Path.of("Singularity")), "scratch", new TreeMap<>());
    assertThat(inputs.paths()).containsExactly("Singularity", "");
    Files.createDirectories(root.resolve(".git/refs"));
    Files.writeString(root.resolve(".git/refs/main"), "a commit\n");
    assertThat(BuildInputs.of(RecipeParser.read(root, Path.of("Singularity")), "scratch", new TreeMap<>()).digest())
        .as("git's own folder is no input").isEqualTo(inputs.digest());
  }

  @Test
  void theDigestDoesNotDependOnWhereTheCheckoutLies(@TempDir Path elsewhere) throws Exception {
    String recipe = "Bootstrap: docker\nFrom: alpine\n%files\n  data /data\n  /etc/hostname /etc/hostname\n"
        + "  ../shared.txt /shared.txt\n";
    Digest here = null;
    for (Path checkout : new Path[] {root.resolve("a/deeper/checkout"), elsewhere}) {
      Files.createDirectories(checkout.resolve("img/data"));
      Files.writeString(checkout.resolve("img/data/x"), "x\n");
      Files.writeString(checkout.resolve("img/Singularity"), recipe);
      Digest digest = BuildInputs.of(RecipeParser.read(checkout, Path.of("img/Singularity")), "singularity",
          new TreeMap<>()).digest();
      if (here == null) {
        here = digest;
      } else {
        assertThat(digest).isEqualTo(here);
      }
    }
  }

  @Test
  void aChangedFileALinkedSourceLeadsToChangesTheDigestAndIsListed() throws Exception {
    Files.createDirectories(root.resolve("data"));
    Files.writeString(root.resolve("data/table.csv"), "a,b\n");
    Files.createSymbolicLink(root.resolve("img/table.csv"), Path.of("../data/table.csv"));
    String recipe = RECIPE.replace("  share\n", "  share\n  table.csv /data/table.csv\n");
    Digest before = inputs(recipe, new TreeMap<>()).digest();
    // What a builder copies is the target's bytes: when they change, the image would.
    Files.writeString(root.resolve("data/table.csv"), "a,b\n1,2\n");
    BuildInputs after = inputs(recipe, new TreeMap<>());
    assertThat(after.digest()).isNotEqualTo(before);
    assertThat(after.paths()).contains("img/table.csv", "data/table.csv");
  }

  @Test
  void aLinkInACopiedFolderCountsWithWhatItLeadsTo() throws Exception {
    Files.createDirectories(root.resolve("data"));
    Files.writeString(root.resolve("data/notes"), "one\n");
    Files.createSymbolicLink(root.resolve("img/share/doc/notes"), Path.of("../../../data/notes"));
    Digest before = digest();
    Files.writeString(root.resolve("data/notes"), "two\n");
    assertThat(digest()).isNotEqualTo(before);
  }

  @Test
  void aLinkCycleIsHashedOnceAndEnds() throws Exception {
    Files.createSymbolicLink(root.resolve("img/share/doc/loop"), Path.of(".."));
    Digest before = digest();
    assertThat(digest()).isEqualTo(before);
    Files.writeString(root.resolve("img/share/doc/README"), "changed\n");
    assertThat(digest()).isNotEqualTo(before);
  }

  @Test
  void aLinkLeadingOutOfTheRepositoryIsNamedNotRead(@TempDir Path outside) throws Exception {
    Files.writeString(outside.resolve("secret"), "one\n");
    Files.createSymbolicLink(root.resolve("img/share/doc/secret"), outside.resolve("secret"));
    Digest before = digest();
    Files.writeString(outside.resolve("secret"), "two\n");
    assertThat(digest()).isEqualTo(before);
  }
}
