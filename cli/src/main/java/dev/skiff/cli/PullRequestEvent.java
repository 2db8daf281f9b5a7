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
 * {@code pull_request} and {@code pull_request_target} runs: the repository its branch is in and its
 * author. Set by GitHub, not by the pull request, so verify can trust it.
 */
record PullRequestEvent(Optional<String> headRepository, Optional<String> author) {
  static final PullRequestEvent NONE = new PullRequestEvent(Optional.empty(), Optional.empty());

  static PullRequestEvent fromEnvironment(Map<String, String> env) throws SkiffException {
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
    return new PullRequestEvent(text(pullRequest.path("head").path("repo").path("full_name"))
        .or(() -> Optional.of("(a deleted repository)")), text(pullRequest.path("user").path("login")));
  }

  private static Optional<String> text(JsonNode node) {
    return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
  }
}
