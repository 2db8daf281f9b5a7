package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The pull request GitHub Actions describes in its event payload ({@code GITHUB_EVENT_PATH}) for
 * {@code pull_request} and {@code pull_request_target} runs, or the merge request a GitLab merge
 * request pipeline names ({@code CI_MERGE_REQUEST_*}): the registry, the repository its branch is in
 * and (on GitHub) its author. Set by the CI system, not by the pull request, so verify can trust it.
 */
record PullRequestEvent(Optional<String> registry, Optional<String> headRepository, Optional<String> author) {
  static final PullRequestEvent NONE = new PullRequestEvent(Optional.empty(), Optional.empty(), Optional.empty());

  static PullRequestEvent fromEnvironment(Map<String, String> env) throws SkiffException {
    if ("true".equals(env.get("GITLAB_CI")) && present(env, "CI_MERGE_REQUEST_IID")) {
      return fromGitLab(env);
    }
    String path = env.get("GITHUB_EVENT_PATH");
    if (!"true".equals(env.get("GITHUB_ACTIONS")) || path == null || path.isBlank()) {
      return NONE;
    }
    JsonNode event;
    try {
      event = new ObjectMapper().readTree(Path.of(path).toFile());
    } catch (IOException e) {
      throw new SkiffException("GITHUB_EVENT_PATH " + path + ": cannot read the event: " + IoMessages.describe(e), e);
    }
    JsonNode pullRequest = event.path("pull_request");
    if (!pullRequest.isObject()) {
      return NONE;
    }
    // A fork deleted since the pull request was opened has no repository: that is not the registry.
    return new PullRequestEvent(Optional.ofNullable(env.get("GITHUB_REPOSITORY")).filter(v -> !v.isBlank()),
        text(pullRequest.path("head").path("repo").path("full_name")).or(() -> Optional.of("(a deleted repository)")),
        text(pullRequest.path("user").path("login")));
  }

  /**
   * A merge request pipeline on GitLab: the target project is the registry, the source project the
   * repository its branch is in (a fork's own path when it comes from a fork). GitLab sets both; a
   * pipeline that names no source project is taken as coming from somewhere else, never the registry.
   */
  private static PullRequestEvent fromGitLab(Map<String, String> env) {
    Optional<String> target = Optional.ofNullable(env.get("CI_MERGE_REQUEST_PROJECT_PATH")).filter(v -> !v.isBlank())
        .or(() -> Optional.ofNullable(env.get("CI_PROJECT_PATH")).filter(v -> !v.isBlank()));
    Optional<String> source = Optional.ofNullable(env.get("CI_MERGE_REQUEST_SOURCE_PROJECT_PATH"))
        .filter(v -> !v.isBlank()).or(() -> Optional.of("(an unknown project)"));
    return new PullRequestEvent(target, source, Optional.empty());
  }

  private static boolean present(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  private static Optional<String> text(JsonNode node) {
    return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
  }
}
