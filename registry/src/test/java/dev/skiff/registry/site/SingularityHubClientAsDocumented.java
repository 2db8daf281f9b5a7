package dev.skiff.registry.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * No Apptainer runs here, so this client makes the requests that Apptainer's Singularity Hub client
 * makes, as reference/PULL-PROTOCOLS.md describes them from its source: the reference's parts
 * checked with the client's own rules, no tag and no digest meaning {@code :latest}, one GET of
 * {@code <registry>/api/container/<user>/<container>[:tag][@digest]} that must answer 200 with plain
 * JSON holding {@code image} and a {@code commit} that is a safe file name.
 */
final class SingularityHubClientAsDocumented {
  private static final Pattern REFERENCE = Pattern.compile(
      "([-a-zA-Z0-9]{1,39})/([-_.a-zA-Z0-9]{1,64})(?::([-_.a-zA-Z0-9]{1,64}))?(?:@([0-9a-f]{32}|[0-9a-f]{40}))?");
  private static final Pattern SAFE_FILE_NAME = Pattern.compile("[-_.a-zA-Z0-9]+");

  record Answer(String image, String commit) {}

  private SingularityHubClientAsDocumented() {}

  /**
   * @param registry the registry's base, as the client builds it from the reference (https://HOST/PATH/;
   *     here the test's http server)
   * @param reference {@code user/container[:tag][@digest]}
   */
  static Answer resolve(String registry, String reference) throws Exception {
    Matcher parts = REFERENCE.matcher(reference);
    if (!parts.matches()) {
      throw new IllegalArgumentException("the client refuses the reference " + reference);
    }
    String path = parts.group(1) + "/" + parts.group(2);
    if (parts.group(4) != null) {
      path += "@" + parts.group(4);
    } else {
      path += ":" + (parts.group(3) == null ? "latest" : parts.group(3));
    }
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(registry + (registry.endsWith("/") ? "" : "/") + "api/container/" + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("the client needs 200, got " + response.statusCode() + " for " + path);
    }
    JsonNode json = new ObjectMapper().readTree(response.body());
    if (!json.path("image").isTextual() || !json.path("commit").isTextual()) {
      throw new IllegalStateException("the client needs image and commit: " + response.body());
    }
    String commit = json.path("commit").asText();
    if (!SAFE_FILE_NAME.matcher(commit).matches()) {
      throw new IllegalStateException("the client caches under the commit, which must be a safe file name: " + commit);
    }
    json.path("name").asText();
    json.path("tag").asText();
    json.path("version").asText();
    return new Answer(json.path("image").asText(), commit);
  }
}
