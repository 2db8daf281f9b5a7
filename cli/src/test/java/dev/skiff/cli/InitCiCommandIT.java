package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code skiff init ci}: the files it writes are the templates of docs/ci, which the docs' tests
 * validate (action-validator, the orb's definitions, GitLab's job graph).
 */
class InitCiCommandIT {
  static final Path TEMPLATES = Path.of("../docs/ci");

  @TempDir
  Path work;

  @ParameterizedTest
  @CsvSource({"circleci, 1, circleci-skiff.yml", "circleci, 4, circleci-skiff-sharded.yml",
      "github, 1, github-skiff.yml", "github, 4, github-skiff-sharded.yml",
      "gitlab, 1, gitlab-skiff.yml", "gitlab, 4, gitlab-skiff-sharded.yml"})
  void theDocsTemplatesAreWhatInitWrites(String system, int shards, String template) throws Exception {
    SkiffCliIT.Result printed = SkiffCliIT.skiff("init", "ci", system, "--shards", Integer.toString(shards), "--builder",
        "singularity", "--stdout");
    assertThat(printed.exitCode()).as(printed.err()).isZero();
    assertThat(printed.out()).as("docs/ci/" + template + " is written by skiff init ci; regenerate it with"
        + " bin/skiff init ci " + system + " --shards " + shards + " --builder singularity --stdout")
        .isEqualTo(Files.readString(TEMPLATES.resolve(template)));
  }

  @ParameterizedTest
  @CsvSource({"circleci, 1", "circleci, 4", "github, 1", "github, 4", "gitlab, 1", "gitlab, 4"})
  void recipesThatNeedApptainerGetTheSingularityBuilderAndAnApptainerOnTheRunner(String system, int shards)
      throws Exception {
    Files.writeString(work.resolve("Singularity"), "Bootstrap: docker\nFrom: debian:12\n\n%post\n  apt-get update\n");
    Files.writeString(Files.createDirectories(work.resolve("tools")).resolve("Singularity.static"),
        "Bootstrap: scratch\n\n%files\n  tool /usr/bin/tool\n");
    SkiffCliIT.Result printed = SkiffCliIT.skiff("init", "ci", system, work.toString(), "--shards",
        Integer.toString(shards), "--stdout");
    assertThat(printed.exitCode()).as(printed.err()).isZero();
    assertThat(printed.out()).isEqualTo(SkiffCliIT.skiff("init", "ci", system, "--shards", Integer.toString(shards),
        "--builder", "singularity", "--stdout").out());
    assertThat(printed.out()).containsPattern("(builder|SKIFF_BUILDER)[:\\s]+singularity")
        .containsPattern("setup-apptainer@v2|apptainer_\\$\\{APPTAINER_VERSION}_amd64.deb")
        .contains(CiTemplates.APPTAINER_VERSION).doesNotContain("scratch ");
  }

  @ParameterizedTest
  @CsvSource({"circleci", "github", "gitlab"})
  void onlyScratchRecipesGetTheScratchBuilderAndNoApptainer(String system) throws Exception {
    Files.writeString(work.resolve("Singularity"), "Bootstrap: scratch\n\n%files\n  bin/hello /bin/hello\n"
        + "\n%runscript\n  exec /bin/hello\n");
    SkiffCliIT.Result printed = SkiffCliIT.skiff("init", "ci", system, work.toString(), "--stdout");
    assertThat(printed.exitCode()).as(printed.err()).isZero();
    assertThat(printed.out()).containsPattern("(builder|SKIFF_BUILDER)[:\\s]+scratch").doesNotContainIgnoringCase(
        "apptainer_").doesNotContain("setup-apptainer");
  }

  @Test
  void initWritesTheFileWhereTheCiSystemReadsItAndNeverOverwritesUnasked() throws Exception {
    SkiffCliIT.Result written = SkiffCliIT.skiff("init", "ci", "github", work.toString());
    assertThat(written.exitCode()).as(written.err()).isZero();
    Path file = work.resolve(".github/workflows/skiff.yml");
    assertThat(file).hasContent(Files.readString(TEMPLATES.resolve("github-skiff.yml")));

    SkiffCliIT.Result again = SkiffCliIT.skiff("init", "ci", "github", work.toString(), "--shards", "2");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.errorLines()).containsExactly("error: " + file + " exists; give --force to replace it");
    assertThat(file).hasContent(Files.readString(TEMPLATES.resolve("github-skiff.yml")));

    assertThat(SkiffCliIT.skiff("init", "ci", "github", work.toString(), "--shards", "2", "--force").exitCode()).isZero();
    assertThat(Files.readString(file)).contains("shard: [1, 2]");
  }

  @Test
  void anUnknownSystemOrShardCountIsBadUsage() {
    SkiffCliIT.Result unknown = SkiffCliIT.skiff("init", "ci", "jenkins", work.toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown CI system 'jenkins'; write circleci, github or gitlab");
    assertThat(SkiffCliIT.skiff("init", "ci", "gitlab", "--shards", "0", "--stdout").exitCode()).isEqualTo(2);
  }
}
