package dev.skiff.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.Discovery;
import dev.skiff.model.Recipe;
import dev.skiff.model.RecipeException;
import dev.skiff.model.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeDiscoveryTest {
  private static final String RECIPE = "Bootstrap: scratch\n";

  @TempDir
  Path repo;

  private void write(String path) throws IOException {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, RECIPE);
  }

  private Discovery discover() throws Exception {
    return new RecipeDiscovery(repo, Set.of(), TagPattern.FILE_NAME).discover();
  }

  @Test
  void mapsFileNamesToTags() throws Exception {
    write("Singularity");
    write("Singularity.pancakes");
    write("tools/Singularity.v1.2");
    write("README.md");
    Discovery discovery = discover();
    assertThat(discovery.recipes()).extracting(r -> r.tag().value() + "=" + r.path())
        .containsExactly("latest=Singularity", "pancakes=Singularity.pancakes", "v1.2=tools/Singularity.v1.2");
  }

  @Test
  void findsApptainersRecipeNamesBesideSingularitys() throws Exception {
    write("Apptainer");
    write("Apptainer.dev");
    write("tools/Singularity.v1");
    Discovery discovery = discover();
    assertThat(discovery.recipes()).extracting(r -> r.tag().value() + "=" + r.path())
        .containsExactlyInAnyOrder("latest=Apptainer", "dev=Apptainer.dev", "v1=tools/Singularity.v1");
  }

  @Test
  void anApptainerAndASingularityRecipeForOneTagFailNamingBoth() throws Exception {
    write("Apptainer.dev");
    write("Singularity.dev");
    assertThatThrownBy(this::discover).isInstanceOf(RecipeException.class)
        .hasMessageContainingAll("tag 'dev' is also the tag of", "Apptainer.dev", "Singularity.dev");
  }

  @Test
  void skipsFrozenFoldersAndReportsTheirRecipes() throws Exception {
    write("Singularity");
    write("old/Singularity.v1");
    write("old/deeper/Singularity.v0");
    Files.writeString(repo.resolve("old/.frozen"), "");
    Discovery discovery = discover();
    assertThat(discovery.recipes()).extracting(Recipe::path).containsExactly(Path.of("Singularity"));
    assertThat(discovery.frozen()).containsExactly(Path.of("old/Singularity.v1"), Path.of("old/deeper/Singularity.v0"));
  }

  @Test
  void ignoresGitAndExcludedFolders() throws Exception {
    write("Singularity");
    write(".git/Singularity.x");
    write("build/Singularity.y");
    Discovery discovery = new RecipeDiscovery(repo, Set.of(repo.resolve("build")), TagPattern.FILE_NAME).discover();
    assertThat(discovery.recipes()).extracting(Recipe::path).containsExactly(Path.of("Singularity"));
  }

  @Test
  void twoRecipesForOneTagFailNamingBoth() throws Exception {
    write("a/Singularity");
    write("b/Singularity");
    assertThatThrownBy(this::discover).isInstanceOf(RecipeException.class)
        .hasMessageStartingWith("b/Singularity: tag 'latest' is also the tag of a/Singularity");
  }

  @Test
  void anInvalidTagFailsNamingTheFile() throws Exception {
    write("Singularity.bad tag");
    assertThatThrownBy(this::discover).hasMessageStartingWith("Singularity.bad tag: invalid tag 'bad tag'");
  }

  @Test
  void aSymlinkLeadingOutOfTheRepositoryIsRefused(@TempDir Path outside) throws Exception {
    Path secret = outside.resolve("Singularity");
    Files.writeString(secret, RECIPE);
    Files.createSymbolicLink(repo.resolve("Singularity.evil"), secret);
    assertThatThrownBy(this::discover)
        .hasMessage("Singularity.evil: symbolic link leads out of the repository; recipes must live inside it");
  }

  @Test
  void aSymlinkInsideTheRepositoryIsFollowed() throws Exception {
    write("recipes/base");
    Files.createSymbolicLink(repo.resolve("Singularity"), Path.of("recipes/base"));
    assertThat(discover().recipes()).extracting(r -> r.tag().value()).containsExactly("latest");
  }

  @Test
  void aBrokenRecipeFailsWithItsPathAndLine() throws Exception {
    Files.createDirectories(repo.resolve("x"));
    Files.writeString(repo.resolve("x/Singularity"), "Bootstrap: scratch\n%bogus\n");
    assertThatThrownBy(this::discover).hasMessageStartingWith("x/Singularity:2: unknown section %bogus");
  }

  @Test
  void anEmptyRepositoryHasNoRecipes() throws Exception {
    assertThat(discover().recipes()).isEmpty();
  }

  @Test
  void aRecipeThatIsALinkToAFolderIsNamed() throws Exception {
    Files.createDirectories(repo.resolve("sub"));
    Files.writeString(repo.resolve("Singularity"), "Bootstrap: scratch\n");
    Files.createSymbolicLink(repo.resolve("Singularity.dir"), Path.of("sub"));
    assertThatThrownBy(() -> new RecipeDiscovery(repo, Set.of(), TagPattern.FILE_NAME).discover()).isInstanceOf(RecipeException.class)
        .hasMessage("Singularity.dir: symbolic link to a folder; a recipe is a file");
  }

  @Test
  void aTagPatternDerivesTagsFromFolders() throws Exception {
    write("Singularity");
    write("python/Singularity");
    write("python/Apptainer.3.12");
    write("tools/r/Singularity");
    write("old/Singularity");
    Files.writeString(repo.resolve("old/.frozen"), "");
    Discovery discovery = new RecipeDiscovery(repo, Set.of(),
        TagPattern.parse(java.util.Optional.of("{dir}-{tag}"), "test")).discover();
    assertThat(discovery.recipes()).extracting(r -> r.tag().value())
        .containsExactly("latest", "python-3.12", "python-latest", "r-latest");
    assertThat(discovery.frozenTags()).containsExactly(Tag.of("old-latest"));
    Discovery byPath = new RecipeDiscovery(repo, Set.of(), TagPattern.parse(java.util.Optional.of("{path}_{tag}"),
        "test")).discover();
    assertThat(byPath.recipes()).extracting(r -> r.tag().value()).contains("tools-r_latest");
  }

  @Test
  void aTagPatternThatMakesNoTagOrNamesNothingIsRefused() throws Exception {
    assertThatThrownBy(() -> TagPattern.parse(java.util.Optional.of("{folder}-{tag}"), "skiff.yml"))
        .hasMessage("setting 'tag-pattern' (from skiff.yml): unknown placeholder {folder}; use {tag}, {dir} and {path}");
    assertThatThrownBy(() -> TagPattern.parse(java.util.Optional.of("fixed"), "skiff.yml"))
        .hasMessageContaining("names no placeholder");
    write("a b/Singularity");
    assertThatThrownBy(() -> new RecipeDiscovery(repo, Set.of(), TagPattern.parse(java.util.Optional.of("{dir}"),
        "test")).discover())
        .hasMessageStartingWith("a b/Singularity: tag-pattern '{dir}' makes 'a b' of it, which is no tag");
  }
}
