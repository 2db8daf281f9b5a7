package dev.skiff.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.Namespace;
import dev.skiff.spi.SkiffException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigTest {
  @TempDir
  Path repo;

  private RunConfig resolve(Map<String, String> env, Map<String, String> flags) throws SkiffException {
    Map<String, String> all = new HashMap<>(Map.of("storage", "file:images"));
    all.putAll(flags);
    Settings settings = new ConfigLoader(CoreKeys.ALL).load(repo, env, all, repo);
    return RunConfig.resolve(repo, settings, env);
  }

  @Test
  void theNamespaceComesFromCircleCi() throws Exception {
    RunConfig config = resolve(Map.of("CIRCLECI", "true", "CIRCLE_PROJECT_USERNAME", "myorg",
        "CIRCLE_PROJECT_REPONAME", "centos", "CIRCLE_SHA1", "abc123", "CIRCLE_BUILD_URL", "https://ci/42"), Map.of());
    assertThat(config.namespace()).isEqualTo(Namespace.parse("myorg/centos"));
    assertThat(config.sourceInfo().commit()).contains("abc123");
    assertThat(config.sourceInfo().buildUrl()).contains(URI.create("https://ci/42"));
  }

  @Test
  void theNamespaceComesFromGitHubActions() throws Exception {
    RunConfig config = resolve(Map.of("GITHUB_ACTIONS", "true", "GITHUB_REPOSITORY", "myorg/tools",
        "GITHUB_SERVER_URL", "https://github.com", "GITHUB_RUN_ID", "7"), Map.of());
    assertThat(config.namespace()).isEqualTo(Namespace.parse("myorg/tools"));
    assertThat(config.sourceInfo().repository()).contains("https://github.com/myorg/tools");
    assertThat(config.sourceInfo().buildUrl()).contains(URI.create("https://github.com/myorg/tools/actions/runs/7"));
  }

  @Test
  void theNamespaceComesFromGitLab() throws Exception {
    assertThat(resolve(Map.of("GITLAB_CI", "true", "CI_PROJECT_PATH", "lab/tool"), Map.of()).namespace())
        .isEqualTo(Namespace.parse("lab/tool"));
    assertThat(resolve(Map.of("GITLAB_CI", "true", "CI_PROJECT_PATH", "lab/sub/deeper/tool"), Map.of()).namespace())
        .as("subgroups join the name").isEqualTo(Namespace.parse("lab/sub__deeper__tool"));
    assertThatThrownBy(() -> resolve(Map.of("GITLAB_CI", "true", "CI_PROJECT_PATH", "lab_x/sub/tool"), Map.of()))
        .hasMessageContaining("CI_PROJECT_PATH ('lab_x/sub__tool') is not a namespace")
        .hasMessageContaining("--namespace");
  }

  @Test
  void elseFromTheGitRemoteWithoutItsCredentials() throws Exception {
    Instant committed = Instant.parse("2024-05-01T10:00:00Z");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.getRepository().getConfig().setString("remote", "origin", "url", "https://user:s3cret@github.com/myorg/centos.git");
      git.getRepository().getConfig().save();
      PersonIdent who = new PersonIdent("t", "t@example.org", committed, java.time.ZoneOffset.UTC);
      git.commit().setMessage("x").setAuthor(who).setCommitter(who).setSign(false).setAllowEmpty(true).call();
    }
    RunConfig config = resolve(Map.of(), Map.of());
    assertThat(config.namespace()).isEqualTo(Namespace.parse("myorg/centos"));
    assertThat(config.sourceInfo().repository()).contains("https://github.com/myorg/centos.git");
    assertThat(config.sourceDate()).isEqualTo(committed);
    assertThat(config.sourceInfo().commit()).hasValueSatisfying(c -> assertThat(c).hasSize(40));
  }

  @Test
  void sshRemotesNameTheNamespaceToo() throws Exception {
    try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
      git.getRepository().getConfig().setString("remote", "origin", "url", "git@github.com:lab/tool.git");
      git.getRepository().getConfig().save();
    }
    assertThat(resolve(Map.of(), Map.of()).namespace()).isEqualTo(Namespace.parse("lab/tool"));
  }

  @Test
  void anExplicitNamespaceWins() throws Exception {
    assertThat(resolve(Map.of("GITHUB_ACTIONS", "true", "GITHUB_REPOSITORY", "myorg/tools"),
        Map.of("namespace", "other/name")).namespace()).isEqualTo(Namespace.parse("other/name"));
  }

  @Test
  void withoutAnySourceOfANamespaceItSaysWhatToDo() {
    assertThatThrownBy(() -> resolve(Map.of(), Map.of()))
        .hasMessageContaining("cannot tell the namespace").hasMessageContaining("pass --namespace OWNER/NAME, set SKIFF_NAMESPACE, or write 'namespace:' in skiff.yml");
  }

  @Test
  void sourceDateEpochWinsOverTheCommitTime() throws Exception {
    RunConfig config = resolve(Map.of("SOURCE_DATE_EPOCH", "1700000000"), Map.of("namespace", "a/b"));
    assertThat(config.sourceDate()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThatThrownBy(() -> resolve(Map.of("SOURCE_DATE_EPOCH", "yesterday"), Map.of("namespace", "a/b")))
        .hasMessageContaining("SOURCE_DATE_EPOCH: 'yesterday' is not a number");
  }

  @Test
  void aStorageThatIsNotAUriIsRefused() {
    assertThatThrownBy(() -> resolve(Map.of(), Map.of("namespace", "a/b", "storage", "just a folder")))
        .hasMessageContaining("storage 'just a folder' is not a URI");
    assertThatThrownBy(() -> resolve(Map.of(), Map.of("namespace", "a/b", "storage", "")))
        .hasMessageStartingWith("no storage set");
  }
}
