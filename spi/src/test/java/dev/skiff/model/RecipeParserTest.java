package dev.skiff.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.Recipe;
import dev.skiff.model.Tag;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RecipeParserTest {
  private static final Path ROOT = Path.of("/repo");
  private static final Path FILE = Path.of("tools/Singularity.v1");

  private static Recipe parse(String text) throws RecipeException {
    return RecipeParser.parse(ROOT, FILE, Tag.of("v1"), text);
  }

  @Test
  void readsHeaderAndSections() throws Exception {
    Recipe recipe = parse("""
        # a comment
        Bootstrap: docker
        From: centos:7

        %labels
            Maintainer me
        %post
            yum -y install git
            echo done

        %runscript
            exec git "$@"
        """);
    assertThat(recipe.bootstrap()).isEqualTo("docker");
    assertThat(recipe.header("from")).contains("centos:7");
    assertThat(recipe.sections()).extracting(Recipe.Section::name).containsExactly("labels", "post", "runscript");
    assertThat(recipe.section("post").orElseThrow().body()).isEqualTo("    yum -y install git\n    echo done\n");
    assertThat(recipe.section("post").orElseThrow().line()).isEqualTo(7);
    assertThat(recipe.labels()).containsEntry("Maintainer", "me");
  }

  @Test
  void sectionArgumentsAreKept() throws Exception {
    Recipe recipe = parse("Bootstrap: scratch\n%files from build\n a b\n");
    assertThat(recipe.section("files").orElseThrow().arguments()).isEqualTo("from build");
  }

  @Test
  void aRecipeWithoutBootstrapIsRefused() {
    assertThatThrownBy(() -> parse("From: centos:7\n%post\n echo\n"))
        .isInstanceOf(RecipeException.class)
        .hasMessageStartingWith("tools/Singularity.v1:1: no 'Bootstrap:' header");
  }

  @Test
  void anUnknownSectionIsRefusedWithItsLine() {
    assertThatThrownBy(() -> parse("Bootstrap: scratch\n\n%files\n a /a\n%postinstall\n echo\n"))
        .hasMessageStartingWith("tools/Singularity.v1:5: unknown section %postinstall; known sections: %appenv");
  }

  @Test
  void aHeaderLineThatIsNotAKeywordIsRefused() {
    assertThatThrownBy(() -> parse("Bootstrap: docker\nyum install git\n"))
        .hasMessage("tools/Singularity.v1:2: header line is not 'Keyword: value': yum install git");
  }

  @Test
  void aKeywordGivenTwiceIsRefused() {
    assertThatThrownBy(() -> parse("Bootstrap: docker\nbootstrap: library\n"))
        .hasMessage("tools/Singularity.v1:2: header keyword 'bootstrap' given twice");
  }

  @Test
  void theDigestIsTheSha256OfTheText() throws Exception {
    assertThat(parse("Bootstrap: scratch\n").digest().hex())
        .isEqualTo(dev.skiff.model.Digest.sha256("Bootstrap: scratch\n".getBytes()).hex());
  }

  @Test
  void aCommentAfterAHeaderValueIsNoPartOfIt() throws Exception {
    Recipe recipe = parse("Bootstrap: docker   # the agent\nFrom: busybox:latest   # a comment\n");
    assertThat(recipe.header("From")).contains("busybox:latest");
    assertThat(recipe.bootstrap()).isEqualTo("docker");
  }

  @Test
  void aValueEndingInABackslashContinuesOnTheNextLine() throws Exception {
    Recipe recipe = parse("Bootstrap: yum\nInclude: yum \\\n   wget # tools\nMirrorURL: http://mirror/\n");
    assertThat(recipe.header("include")).contains("yum wget");
    assertThat(recipe.header("mirrorurl")).contains("http://mirror/");
  }

  @Test
  void aContinuationEndsAtABlankLine() throws Exception {
    Recipe recipe = parse("Bootstrap: yum\nInclude: yum \\\n\nFrom: x\n");
    assertThat(recipe.header("Include")).contains("yum ");
    assertThat(recipe.header("From")).contains("x");
  }

  @Test
  void keywordsAreCaseInsensitiveAndIndentationIsIgnored() throws Exception {
    Recipe recipe = parse("  BOOTSTRAP : Docker\n\tfrom:alpine\n  %post\n echo\n");
    assertThat(recipe.bootstrap()).isEqualTo("docker");
    assertThat(recipe.header("From")).contains("alpine");
    assertThat(recipe.sections()).extracting(Recipe.Section::name).containsExactly("post");
  }

  @Test
  void thePreSectionIsKnown() throws Exception {
    assertThat(parse("Bootstrap: docker\n%pre\n echo\n").section("pre")).isPresent();
  }
}
