package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.registry.RegistryInit;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code skiff verify} as a registry's CI runs it: exit codes, report forms, CI integration. */
class VerifyCommandIT {
  @TempDir
  Path registry;

  @TempDir
  Path out;

  Git git;
  final PersonIdent who = new PersonIdent("t", "t@example.org");

  record Result(int exitCode, String out, String err) {}

  Result skiff(Map<String, String> env, String... args) {
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int code = Main.execute(env, new PrintWriter(stdout), new PrintWriter(stderr), args);
    return new Result(code, stdout.toString(), stderr.toString());
  }

  @BeforeEach
  void registryWithATag() throws Exception {
    RegistryInit.init(registry, "main", "myorg");
    git = Git.open(registry.toFile());
    write("myorg/centos/manifests/old/README.md", "---\nlayout: manifests/singularity\n---\n");
    write("myorg/other/README.md", "---\nlayout: collection\n---\n");
    commit("base");
  }

  void write(String path, String content) throws Exception {
    Path file = registry.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    git.add().addFilepattern(path).call();
  }

  String commit(String message) throws Exception {
    return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call().name();
  }

  String branch(String name) throws Exception {
    git.checkout().setCreateBranch(true).setName(name).call();
    return name;
  }

  @Test
  void anHonestPullRequestExitsZero() throws Exception {
    branch("update/myorg/centos");
    git.rm().addFilepattern("myorg/centos/manifests/old/README.md").call();
    commit("remove old");
    Result result = skiff(Map.of(), "verify", "--repo", registry.toString(), "--base", "main", "--branch",
        "update/myorg/centos");
    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out()).contains("skiff verify: branch update/myorg/centos (namespace myorg/centos), 1 file(s)")
        .contains("  ok    myorg/centos/manifests/old/README.md")
        .contains("PASSED: 0 of 1 file(s) failed");

    // The branch --head names is the pull request's branch, from any checkout.
    git.checkout().setName("main").call();
    Result fromHead = skiff(Map.of(), "verify", registry.toString(), "--base", "main", "--head", "update/myorg/centos");
    assertThat(fromHead.exitCode()).as(fromHead.out() + fromHead.err()).isZero();
    assertThat(fromHead.out()).contains("skiff verify: branch update/myorg/centos (namespace myorg/centos)");
  }

  @Test
  void aHostilePullRequestExitsOneAndSaysWhy() throws Exception {
    branch("update/myorg/centos");
    write("myorg/other/README.md", "---\nlayout: collection\ndescription: mine now\n---\n");
    commit("take over");
    Result result = skiff(Map.of(), "verify", "--repo", registry.toString(), "--base", "main", "--branch",
        "update/myorg/centos");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("  FAIL  myorg/other/README.md")
        .contains("namespace: changes a file of namespace myorg/other, but branch update/myorg/centos may change only"
            + " myorg/centos/")
        .contains("FAILED: 1 of 1 file(s) failed");
  }

  @Test
  void jsonAndJunitReportsSayTheSame() throws Exception {
    branch("update/myorg/centos");
    write(".github/workflows/evil.yml", "on: push\n");
    commit("workflow");
    Path junit = out.resolve("reports/verify.xml");
    Result result = skiff(Map.of(), "verify", "--repo", registry.toString(), "--base", "main", "--branch",
        "update/myorg/centos", "--json", "--junit", junit.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.path("passed").asBoolean()).isFalse();
    assertThat(json.path("files").get(0).path("path").asText()).isEqualTo(".github/workflows/evil.yml");
    assertThat(json.path("files").get(0).path("checks").get(0).path("message").asText()).contains("outside any namespace");
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    assertThat(xml.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("message").getNodeValue())
        .contains("outside any namespace");
  }

  @Test
  void onGitHubActionsFailuresBecomeAnnotationsAndASummary() throws Exception {
    branch("update/myorg/centos");
    write("myorg/other/README.md", "---\nlayout: collection\ndescription: \"a, b: c\"\n---\n");
    commit("take over");
    Path summary = out.resolve("summary.md");
    Result result = skiff(Map.of("GITHUB_ACTIONS", "true", "GITHUB_HEAD_REF", "update/myorg/centos",
        "GITHUB_STEP_SUMMARY", summary.toString()), "verify", "--repo", registry.toString(), "--base", "main");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("::error file=myorg/other/README.md,title=skiff verify%3A namespace::changes a"
        + " file of namespace myorg/other");
    assertThat(summary).content().contains("## skiff verify: failed", "| <code>myorg/other/README.md</code> | **failed** |");
  }

  @Test
  void valuesFromThePullRequestStayTextInTheSummaryAndTheJunitReport() throws Exception {
    branch("update/myorg/centos");
    String forged = "myorg/centos/manifests/[Approve: blob verified](https:/evil.example)\uffff<b>|x/README.md";
    write(forged, "---\nlayout: manifests/singularity\n---\n");
    commit("forged");
    Path summary = out.resolve("summary.md");
    Path junit = out.resolve("verify.xml");
    Result result = skiff(Map.of("GITHUB_ACTIONS", "true", "GITHUB_HEAD_REF", "update/myorg/centos",
        "GITHUB_STEP_SUMMARY", summary.toString()), "verify", "--repo", registry.toString(), "--base", "main",
        "--junit", junit.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    String md = Files.readString(summary);
    assertThat(md).doesNotContain("[Approve", "](", "<b>", "|x/").contains("&#91;Approve&#58; blob verified&#93;&#40;",
        "&lt;b&gt;&#124;x/README.md");
    // Parses as XML 1.0, with U+FFFF replaced.
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    assertThat(xml.getElementsByTagName("testcase").item(0).getAttributes().getNamedItem("classname").getNodeValue())
        .contains("\ufffd<b>|x/README.md");
  }

  @Test
  void onGitHubActionsThePullRequestsForkAndAuthorComeFromTheEvent() throws Exception {
    branch("update/myorg/centos");
    git.rm().addFilepattern("myorg/centos/manifests/old/README.md").call();
    commit("remove old");
    Path event = Files.writeString(out.resolve("event.json"), "{\"pull_request\": {\"number\": 7,"
        + " \"head\": {\"ref\": \"update/myorg/centos\", \"repo\": {\"full_name\": \"mallory/registry\"}},"
        + " \"user\": {\"login\": \"mallory\"}}}");
    Map<String, String> env = Map.of("GITHUB_ACTIONS", "true", "GITHUB_HEAD_REF", "update/myorg/centos",
        "GITHUB_REPOSITORY", "myorg/registry", "GITHUB_EVENT_PATH", event.toString());
    Result fromFork = skiff(env, "verify", "--repo", registry.toString(), "--base", "main");
    assertThat(fromFork.exitCode()).isEqualTo(1);
    assertThat(fromFork.out()).contains("origin: the pull request comes from mallory/registry, which may not change"
        + " namespaces: only the registry repository itself (myorg/registry)");
    Result ownBranch = skiff(env, "verify", "--repo", registry.toString(), "--base", "main", "--head-repository",
        "myorg/registry");
    assertThat(ownBranch.exitCode()).as(ownBranch.out()).isZero();
  }

  @Test
  void onGitLabAForksMergeRequestComesFromTheForkNotTheRegistry() throws Exception {
    branch("update/myorg/centos");
    git.rm().addFilepattern("myorg/centos/manifests/old/README.md").call();
    commit("remove old");
    Map<String, String> gitlab = Map.of("GITLAB_CI", "true", "CI_MERGE_REQUEST_IID", "3",
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "update/myorg/centos", "CI_PROJECT_PATH", "myorg/registry",
        "CI_MERGE_REQUEST_PROJECT_PATH", "myorg/registry");
    Map<String, String> fork = new java.util.HashMap<>(gitlab);
    fork.put("CI_MERGE_REQUEST_SOURCE_PROJECT_PATH", "mallory/registry");
    Result fromFork = skiff(fork, "verify", registry.toString(), "--base", "main");
    assertThat(fromFork.exitCode()).isEqualTo(1);
    assertThat(fromFork.out()).contains("origin: the pull request comes from mallory/registry, which may not change"
        + " namespaces: only the registry repository itself (myorg/registry)");
    Map<String, String> own = new java.util.HashMap<>(gitlab);
    own.put("CI_MERGE_REQUEST_SOURCE_PROJECT_PATH", "myorg/registry");
    Result fromItself = skiff(own, "verify", registry.toString(), "--base", "main");
    assertThat(fromItself.exitCode()).as(fromItself.out()).isZero();
    // A merge request pipeline that names no source project is not taken for the registry's own.
    Result unnamed = skiff(gitlab, "verify", registry.toString(), "--base", "main");
    assertThat(unnamed.exitCode()).isEqualTo(1);
    assertThat(unnamed.out()).contains("the pull request comes from (an unknown project)");
  }

  @Test
  void aBranchWithoutAHeadComparesNothingAndSaysSo() throws Exception {
    Result result = skiff(Map.of(), "verify", "--repo", registry.toString(), "--base", "main", "--branch",
        "update/myorg/centos");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("merging HEAD into main changes nothing, so there is nothing to verify");
    assertThat(skiff(Map.of(), "verify", "--repo", registry.toString(), "--base", "main", "--branch",
        "update/myorg/centos", "--allow-empty").exitCode()).isZero();
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    assertThat(skiff(Map.of(), "verify", "--repo", registry.toString()).exitCode()).isEqualTo(2);
    Result noBranch = skiff(Map.of(), "verify", "--repo", registry.toString(), "--base", "main");
    assertThat(noBranch.exitCode()).isEqualTo(2);
    assertThat(noBranch.err()).contains("no --branch, the CI environment names no pull request branch, and --head"
        + " HEAD is no branch");
    Result badRev = skiff(Map.of(), "verify", "--repo", registry.toString(), "--base", "nope", "--branch", "x");
    assertThat(badRev.exitCode()).isEqualTo(2);
    assertThat(badRev.err()).contains("--base nope: no such commit");
    Result notARepo = skiff(Map.of(), "verify", "--repo", out.toString(), "--base", "main", "--branch", "x");
    assertThat(notARepo.exitCode()).isEqualTo(2);
    assertThat(notARepo.err()).contains("not a git repository");
  }
}
