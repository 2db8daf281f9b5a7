package dev.skiff.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.SkiffException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final List<ConfigKey> KEYS = new ArrayList<>(CoreKeys.ALL);

  static {
    KEYS.add(ConfigKey.of("builder.singularity.mode", "mode", "fakeroot"));
    KEYS.add(ConfigKey.of("builder.singularity.timeout", "timeout", "2h"));
    KEYS.add(ConfigKey.secret("publisher.github.token", "token"));
  }

  @TempDir
  Path repo;

  @TempDir
  Path cwd;

  private Settings load(Map<String, String> env, Map<String, String> flags) throws SkiffException {
    return new ConfigLoader(KEYS).load(repo, env, flags, cwd);
  }

  @Test
  void defaultsArePinned() throws Exception {
    Settings settings = load(Map.of(), Map.of());
    assertThat(settings.get("builder")).contains("singularity");
    assertThat(settings.get("publisher")).contains("branch");
    assertThat(settings.get("storage")).isEmpty();
    assertThat(settings.get("registry")).isEmpty();
    assertThat(settings.origin("builder")).isEqualTo("default");
    assertThat(settings.duration("builder.singularity.timeout")).contains(Duration.ofHours(2));
  }

  @Test
  void fileThenEnvironmentThenFlagsEachOverrideTheOneBefore() throws Exception {
    Files.writeString(repo.resolve("skiff.yml"), """
        builder: scratch
        storage: file:from-file
        registry: from-file
        namespace: file/ns
        """);
    Settings settings = load(Map.of("SKIFF_STORAGE", "file:from-env", "SKIFF_REGISTRY", "from-env"),
        Map.of("registry", "from-flag"));
    assertThat(settings.get("builder")).contains("scratch");
    assertThat(settings.origin("builder")).isEqualTo("skiff.yml");
    assertThat(settings.get("storage")).contains("file:from-env");
    assertThat(settings.origin("storage")).isEqualTo("SKIFF_STORAGE");
    assertThat(settings.get("registry")).contains("from-flag");
    assertThat(settings.origin("registry")).isEqualTo("--registry");
    assertThat(settings.get("namespace")).contains("file/ns");
  }

  @Test
  void nestedMappingsAndDottedKeysAreTheSame() throws Exception {
    Files.writeString(repo.resolve("skiff.yml"), """
        builder:
          singularity:
            mode: sudo
        """);
    assertThat(load(Map.of(), Map.of()).get("builder.singularity.mode")).contains("sudo");
    Files.writeString(repo.resolve("skiff.yml"), "builder.singularity.mode: plain\n");
    assertThat(load(Map.of(), Map.of()).get("builder.singularity.mode")).contains("plain");
    assertThat(load(Map.of("SKIFF_BUILDER_SINGULARITY_MODE", "sudo"), Map.of()).get("builder.singularity.mode"))
        .contains("sudo");
  }

  @Test
  void relativePathsStartAtTheFolderOfTheirOrigin() throws Exception {
    Files.writeString(repo.resolve("skiff.yml"), "report: out/report.json\n");
    assertThat(load(Map.of(), Map.of()).path("report")).contains(repo.resolve("out/report.json"));
    assertThat(load(Map.of(), Map.of("report", "r.json")).path("report")).contains(cwd.resolve("r.json"));
  }

  @Test
  void anUnknownKeyIsRefusedWithSuggestions() throws Exception {
    Files.writeString(repo.resolve("skiff.yml"), "buidler: scratch\n");
    assertThatThrownBy(() -> load(Map.of(), Map.of()))
        .hasMessageStartingWith(repo.resolve("skiff.yml") + ": unknown setting 'buidler'; did you mean one of: builder");
  }

  @Test
  void secretsAreRefusedInTheFileAndOnTheCommandLine() throws Exception {
    Files.writeString(repo.resolve("skiff.yml"), "publisher:\n  github:\n    token: ghp_x\n");
    assertThatThrownBy(() -> load(Map.of(), Map.of()))
        .hasMessageContaining("'publisher.github.token' is a secret and must not be committed")
        .hasMessageNotContaining("ghp_x");
    Files.delete(repo.resolve("skiff.yml"));
    assertThatThrownBy(() -> load(Map.of(), Map.of("publisher.github.token", "ghp_x")))
        .hasMessageContaining("set it in the environment as SKIFF_PUBLISHER_GITHUB_TOKEN")
        .hasMessageNotContaining("ghp_x");
    Settings settings = load(Map.of("SKIFF_PUBLISHER_GITHUB_TOKEN", "ghp_x"), Map.of());
    assertThat(settings.get("publisher.github.token")).contains("ghp_x");
    assertThat(settings.describe().toString()).doesNotContain("ghp_x").contains("****");
  }

  @Test
  void brokenYamlIsReportedWithItsLine() throws Exception {
    Files.writeString(repo.resolve("skiff.yml"), "builder: scratch\nstorage: [unclosed\n");
    // One line, and none of the file's own lines (the parser quotes them, with a caret under the column).
    assertThatThrownBy(() -> load(Map.of(), Map.of())).hasMessageStartingWith(repo.resolve("skiff.yml") + ":")
        .hasMessageContaining("not valid YAML").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "^"));
  }

  @Test
  void aListWhereAValueBelongsIsRefused() throws Exception {
    Files.writeString(repo.resolve("skiff.yml"), "builder:\n  - scratch\n");
    assertThatThrownBy(() -> load(Map.of(), Map.of())).hasMessageContaining("'builder' must be a single value");
  }

  @Test
  void aBadDurationSaysHowToWriteOne() throws Exception {
    Settings settings = load(Map.of("SKIFF_BUILDER_SINGULARITY_TIMEOUT", "soon"), Map.of());
    assertThatThrownBy(() -> settings.duration("builder.singularity.timeout"))
        .hasMessage("setting 'builder.singularity.timeout' (from SKIFF_BUILDER_SINGULARITY_TIMEOUT): 'soon' is not a"
            + " duration; write seconds, or 90s, 30m, 2h, 7d");
    assertThat(load(Map.of("SKIFF_BUILDER_SINGULARITY_TIMEOUT", "90"), Map.of()).duration("builder.singularity.timeout"))
        .contains(Duration.ofSeconds(90));
    assertThat(load(Map.of("SKIFF_BUILDER_SINGULARITY_TIMEOUT", "PT5M"), Map.of()).duration("builder.singularity.timeout"))
        .contains(Duration.ofMinutes(5));
  }

  @Test
  void aKeyGivenTwiceIsAnErrorNamingTheLine() throws Exception {
    Files.writeString(repo.resolve("skiff.yml"), "builder: scratch\nstorage: file:x\nbuilder:\n  singularity:\n"
        + "    mode: sudo\n");
    assertThatThrownBy(() -> load(Map.of(), Map.of())).isInstanceOf(SkiffException.class)
        .hasMessageStartingWith(repo.resolve("skiff.yml") + ":3: not valid YAML: Duplicate field 'builder'");
  }

  @Test
  void aSkiffYmlThatIsALinkIsRefusedWithoutReadingItsTarget() throws Exception {
    Path outside = Files.writeString(cwd.resolve("secret.txt"), "password: hunter2\n");
    Files.createSymbolicLink(repo.resolve("skiff.yml"), outside);
    assertThatThrownBy(() -> load(Map.of(), Map.of()))
        .hasMessage(repo.resolve("skiff.yml") + ": must be a regular file in the repository, not a link or a folder")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void urlCredentialsAreMaskedWhereSettingsAreShown() throws Exception {
    Settings settings = load(Map.of(), Map.of("registry", "https://bot:ghp_SENTINEL@github.com/lab/registry"));
    assertThat(settings.get("registry")).contains("https://bot:ghp_SENTINEL@github.com/lab/registry");
    assertThat(settings.describe().toString()).contains("registry=https://github.com/lab/registry (--registry)")
        .doesNotContain("SENTINEL");
  }
}
