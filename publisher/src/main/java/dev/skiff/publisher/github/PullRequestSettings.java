package dev.skiff.publisher.github;

import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.SkiffException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the pull request to a GitHub registry is opened.
 *
 * @param api the REST API root (https://api.github.com, or a GitHub Enterprise server's /api/v3)
 * @param repository the registry repository, {@code owner/name}
 * @param draft whether new pull requests are drafts
 * @param labels labels to add
 * @param assignees users to assign
 * @param reviewers users whose review is requested
 * @param teamReviewers teams whose review is requested
 * @param timeout how long one API request may wait for its answer
 */
public record PullRequestSettings(URI api, String repository, boolean draft, List<String> labels,
    List<String> assignees, List<String> reviewers, List<String> teamReviewers, Duration timeout) {

  public static final String API = "publisher.github.api-url";
  public static final String REPOSITORY = "publisher.github.repository";
  public static final String TIMEOUT = "publisher.github.timeout";
  public static final String ENABLED = "publisher.pull-request";
  public static final String DRAFT = "publisher.pull-request.draft";
  public static final String LABELS = "publisher.pull-request.labels";
  public static final String ASSIGNEES = "publisher.pull-request.assignees";
  public static final String REVIEWERS = "publisher.pull-request.reviewers";
  public static final String TEAM_REVIEWERS = "publisher.pull-request.team-reviewers";

  public static final List<ConfigKey> KEYS = List.of(
      ConfigKey.of(ENABLED, "open or update a pull request for the branch: auto (GitHub registries), true, false", "auto"),
      ConfigKey.of(API, "the GitHub REST API root; default: GITHUB_API_URL, else https://api.github.com"),
      ConfigKey.of(REPOSITORY, "the registry repository OWNER/NAME on GitHub; default: from the registry URL"),
      ConfigKey.of(TIMEOUT, "how long one GitHub API request may wait for its answer", "1m"),
      ConfigKey.of(DRAFT, "open new pull requests as drafts", "false"),
      ConfigKey.of(LABELS, "labels to add, separated by commas"),
      ConfigKey.of(ASSIGNEES, "users to assign, separated by commas"),
      ConfigKey.of(REVIEWERS, "users whose review is requested, separated by commas"),
      ConfigKey.of(TEAM_REVIEWERS, "teams (slugs) whose review is requested, separated by commas"));

  private static final Pattern GITHUB_PATH = Pattern.compile("^/?([^/]+)/([^/]+?)(?:\\.git)?/?$");

  /**
   * The settings for a registry URL, or empty when no pull request is wanted: with {@code auto},
   * only registries on github.com or on the host GITHUB_API_URL names get one.
   */
  public static Optional<PullRequestSettings> of(String registryUrl, PluginConfig config, Map<String, String> env)
      throws SkiffException {
    String enabled = config.require(ENABLED).trim().toLowerCase(Locale.ROOT);
    if (!List.of("auto", "true", "false").contains(enabled)) {
      throw new SkiffException("setting '" + ENABLED + "' (from " + config.origin(ENABLED) + "): use auto, true or"
          + " false");
    }
    if (enabled.equals("false")) {
      return Optional.empty();
    }
    URI url = URI.create(registryUrl.startsWith("git@") ? "ssh://" + registryUrl.replaceFirst(":", "/") : registryUrl);
    Optional<URI> api = config.url(API).or(() -> Optional.ofNullable(env.get("GITHUB_API_URL")).filter(v -> !v.isBlank())
        .map(v -> URI.create(v.endsWith("/") ? v : v + "/")));
    boolean githubCom = "github.com".equalsIgnoreCase(url.getHost());
    if (enabled.equals("auto") && !githubCom && api.isEmpty()) {
      return Optional.empty();
    }
    URI root = api.orElse(URI.create("https://api.github.com/"));
    String repository = config.get(REPOSITORY).filter(r -> !r.isBlank()).orElseGet(() -> {
      Matcher m = GITHUB_PATH.matcher(url.getPath() == null ? "" : url.getPath());
      return m.matches() ? m.group(1) + "/" + m.group(2) : null;
    });
    if (repository == null || !repository.matches("[^/]+/[^/]+")) {
      throw new SkiffException("cannot tell the GitHub repository of registry " + registryUrl + "; set " + REPOSITORY);
    }
    return Optional.of(new PullRequestSettings(root, repository, Boolean.parseBoolean(config.require(DRAFT)),
        list(config, LABELS), list(config, ASSIGNEES), list(config, REVIEWERS), list(config, TEAM_REVIEWERS),
        config.duration(TIMEOUT).orElseThrow()));
  }

  private static List<String> list(PluginConfig config, String key) {
    return config.get(key).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }
}
