package dev.skiff.internal.source;

import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.Namespace;
import dev.skiff.spi.ConfigurationException;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.UrlCredentials;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** What the CI system (CircleCI, GitHub Actions, GitLab CI) tells a job through its environment. */
public final class CiEnvironment {
  private final Map<String, String> env;

  public CiEnvironment(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** "CircleCI", "GitHub Actions", "GitLab CI", or empty outside CI. */
  public Optional<String> system() {
    if (is("CIRCLECI")) {
      return Optional.of("CircleCI");
    }
    if (is("GITHUB_ACTIONS")) {
      return Optional.of("GitHub Actions");
    }
    if (is("GITLAB_CI")) {
      return Optional.of("GitLab CI");
    }
    return Optional.empty();
  }

  /** The repository being built, as a namespace. */
  public Optional<Namespace> namespace() throws SkiffException {
    if (is("CIRCLECI") && has("CIRCLE_PROJECT_USERNAME") && has("CIRCLE_PROJECT_REPONAME")) {
      return Optional.of(parse(env.get("CIRCLE_PROJECT_USERNAME") + "/" + env.get("CIRCLE_PROJECT_REPONAME"),
          "CIRCLE_PROJECT_USERNAME/CIRCLE_PROJECT_REPONAME"));
    }
    if (is("GITHUB_ACTIONS") && has("GITHUB_REPOSITORY")) {
      return Optional.of(parse(env.get("GITHUB_REPOSITORY"), "GITHUB_REPOSITORY"));
    }
    if (is("GITLAB_CI") && has("CI_PROJECT_PATH")) {
      return Optional.of(parse(gitLabPath(env.get("CI_PROJECT_PATH")), "CI_PROJECT_PATH"));
    }
    return Optional.empty();
  }

  public Optional<String> commit() {
    return first("CIRCLE_SHA1", "GITHUB_SHA", "CI_COMMIT_SHA");
  }

  public Optional<URI> buildUrl() {
    if (has("CIRCLE_BUILD_URL")) {
      return uri(env.get("CIRCLE_BUILD_URL"));
    }
    if (has("GITHUB_SERVER_URL") && has("GITHUB_REPOSITORY") && has("GITHUB_RUN_ID")) {
      return uri(env.get("GITHUB_SERVER_URL") + "/" + env.get("GITHUB_REPOSITORY") + "/actions/runs/"
          + env.get("GITHUB_RUN_ID"));
    }
    return first("CI_JOB_URL", "CI_PIPELINE_URL").flatMap(CiEnvironment::uri);
  }

  /** The repository's web address. */
  public Optional<String> repositoryUrl() {
    if (has("GITHUB_SERVER_URL") && has("GITHUB_REPOSITORY")) {
      return Optional.of(env.get("GITHUB_SERVER_URL") + "/" + env.get("GITHUB_REPOSITORY"));
    }
    return first("CI_PROJECT_URL", "CIRCLE_REPOSITORY_URL").map(UrlCredentials::strip);
  }

  /**
   * A GitLab project in subgroups, {@code group/sub/project}, as {@code OWNER/NAME}: the top group
   * is the owner and the rest joined with {@code __} the name ({@code group/sub__project}). GitLab
   * allows no two special characters in a row in a path, so no two projects map to one name.
   */
  static String gitLabPath(String path) {
    String[] parts = path.split("/");
    if (parts.length <= 2) {
      return path;
    }
    return parts[0] + "/" + String.join("__", Arrays.asList(parts).subList(1, parts.length));
  }

  private Namespace parse(String value, String variables) throws SkiffException {
    try {
      return Namespace.parse(value);
    } catch (InvalidReferenceException e) {
      throw ConfigurationException.of("namespace", "the CI environment's " + variables + " ('" + value + "') is not a namespace: "
          + e.getMessage());
    }
  }

  private Optional<String> first(String... names) {
    for (String name : names) {
      if (has(name)) {
        return Optional.of(env.get(name));
      }
    }
    return Optional.empty();
  }

  private boolean is(String name) {
    return "true".equalsIgnoreCase(env.get(name));
  }

  private boolean has(String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  private static Optional<URI> uri(String text) {
    try {
      return Optional.of(URI.create(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
