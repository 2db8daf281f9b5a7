package dev.skiff.publisher.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.IoMessages;
import dev.skiff.support.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GitHub REST calls a registry pull request needs. The token goes in the Authorization
 * header only; rate limits, server errors and dropped connections are tried again as the shared
 * {@link RetryPolicy} says.
 */
final class GitHubClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

  /** An open pull request. */
  record PullRequest(int number, URI url, String body) {}

  private final URI api;
  private final String token;
  private final HttpClient http;
  private final RetryPolicy retry;
  private final Duration timeout;

  GitHubClient(URI api, String token, RetryPolicy retry, Duration timeout) {
    this.api = api;
    this.token = token;
    this.retry = retry;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** The open pull request whose head is {@code headOwner:branch}, looking through every page. */
  Optional<PullRequest> findOpen(String repository, String headOwner, String branch, String base)
      throws SkiffException, InterruptedException {
    URI next = api.resolve("repos/" + repository + "/pulls?state=open&per_page=100&base=" + encode(base) + "&head="
        + encode(headOwner + ":" + branch));
    while (next != null) {
      HttpResponse<String> response = send(HttpRequest.newBuilder(next).GET(), "listing pull requests of " + repository);
      for (JsonNode pull : read(response.body())) {
        JsonNode head = pull.path("head");
        boolean sameOwner = !head.has("label") || head.path("label").asText().equalsIgnoreCase(headOwner + ":" + branch);
        if (head.path("ref").asText().equals(branch) && sameOwner) {
          return Optional.of(pullRequest(pull));
        }
      }
      next = response.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find)
          .map(m -> URI.create(m.group(1))).orElse(null);
    }
    return Optional.empty();
  }

  /** Opens a pull request; empty when GitHub says one already exists for the head (422). */
  Optional<PullRequest> create(String repository, String title, String head, String base, String body, boolean draft)
      throws SkiffException, InterruptedException {
    Map<String, Object> request = Map.of("title", title, "head", head, "base", base, "body", body, "draft", draft,
        "maintainer_can_modify", true);
    HttpResponse<String> response = sendAllowing(422, json(api.resolve("repos/" + repository + "/pulls"), "POST",
        request), "opening a pull request on " + repository);
    if (response.statusCode() == 422) {
      if (response.body().contains("already exists")) {
        return Optional.empty();
      }
      throw new SkiffException("GitHub refused the pull request on " + repository + ": " + message(response.body()));
    }
    return Optional.of(pullRequest(read(response.body())));
  }

  void updateBody(String repository, int number, String body) throws SkiffException, InterruptedException {
    send(json(api.resolve("repos/" + repository + "/pulls/" + number), "PATCH", Map.of("body", body)),
        "updating pull request #" + number + " of " + repository);
  }

  void addLabels(String repository, int number, List<String> labels) throws SkiffException, InterruptedException {
    send(json(api.resolve("repos/" + repository + "/issues/" + number + "/labels"), "POST", Map.of("labels", labels)),
        "labelling pull request #" + number);
  }

  void addAssignees(String repository, int number, List<String> assignees) throws SkiffException, InterruptedException {
    send(json(api.resolve("repos/" + repository + "/issues/" + number + "/assignees"), "POST",
        Map.of("assignees", assignees)), "assigning pull request #" + number);
  }

  void requestReviewers(String repository, int number, List<String> reviewers, List<String> teams)
      throws SkiffException, InterruptedException {
    send(json(api.resolve("repos/" + repository + "/pulls/" + number + "/requested_reviewers"), "POST",
        Map.of("reviewers", reviewers, "team_reviewers", teams)), "requesting reviews on pull request #" + number);
  }

  private HttpRequest.Builder json(URI url, String method, Object body) throws SkiffException {
    try {
      return HttpRequest.newBuilder(url).method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
          .header("Content-Type", "application/json");
    } catch (IOException e) {
      throw new SkiffException("cannot write a GitHub request: " + e.getMessage(), e);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String doing) throws SkiffException, InterruptedException {
    return sendAllowing(-1, request, doing);
  }

  /** Sends, trying again as the retry policy says; any 4xx/5xx but {@code allowed} is an error. */
  private HttpResponse<String> sendAllowing(int allowed, HttpRequest.Builder request, String doing)
      throws SkiffException, InterruptedException {
    request.header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", "2022-11-28")
        .header("Authorization", "Bearer " + token).header("User-Agent", "skiff").timeout(timeout);
    HttpResponse<String> response;
    try {
      response = retry.call(() -> http.send(request.build(), HttpResponse.BodyHandlers.ofString()),
          HttpResponse::statusCode, HttpResponse::headers);
    } catch (HttpTimeoutException e) {
      // Not tried again: the request may have taken effect, and the next run finds what it did.
      throw new SkiffException("GitHub " + api + " did not answer within " + timeout.toSeconds() + " s " + doing
          + "; run again (an open pull request is found and updated), or raise " + PullRequestSettings.TIMEOUT, e);
    } catch (IOException e) {
      throw new SkiffException("GitHub " + api + ": " + doing + " failed: cannot reach it (" + e.getMessage() + ")", e);
    }
    int status = response.statusCode();
    if (status < 400 || status == allowed) {
      return response;
    }
    if (status == 401) {
      throw new SkiffException("GitHub refused the token " + doing + "; set SKIFF_GITHUB_TOKEN (or GITHUB_TOKEN) to a"
          + " token with Pull requests: write on the registry");
    }
    if (RetryPolicy.serverWait(status, response.headers()).isPresent()) {
      throw new SkiffException("GitHub's rate limit holds " + doing + " for longer than "
          + retry.maxWait().toSeconds() + " s; run again later");
    }
    if (status == 404) {
      throw new SkiffException("GitHub answered 404 " + doing + ": the repository does not exist, or the token cannot"
          + " see it");
    }
    throw new SkiffException("GitHub answered " + status + " " + doing + ": " + message(response.body()));
  }

  private static PullRequest pullRequest(JsonNode pull) {
    return new PullRequest(pull.path("number").asInt(), URI.create(pull.path("html_url").asText()),
        pull.path("body").isNull() ? "" : pull.path("body").asText());
  }

  private static JsonNode read(String body) throws SkiffException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new SkiffException("GitHub answered something that is not JSON: " + abbreviate(body));
    }
  }

  private static String message(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      String message = node.path("message").asText("");
      JsonNode errors = node.path("errors");
      return errors.isArray() && errors.size() > 0 ? message + " (" + errors.get(0).path("message").asText(
          errors.get(0).toString()) + ")" : message;
    } catch (IOException e) {
      return abbreviate(body);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String text) {
    return IoMessages.oneLine(text, 120);
  }
}
