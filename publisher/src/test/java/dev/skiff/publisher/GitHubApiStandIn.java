package dev.skiff.publisher;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.File;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the GitHub REST API (no GitHub runs offline): WireMock on loopback, answering
 * with the examples of GitHub's official OpenAPI description (npm @octokit/openapi), and checking
 * every request the client sends and every response the stand-in returns against that
 * description. A test fails on any mismatch through {@link #problems()}.
 */
public final class GitHubApiStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static OpenApiInteractionValidator validator;
  private static JsonNode spec;

  private final WireMockServer server;
  final List<String> problems = new CopyOnWriteArrayList<>();

  public GitHubApiStandIn() throws Exception {
    loadSpec();
    server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    server.addMockServiceRequestListener((request, response) -> {
      SimpleRequest.Builder checked = new SimpleRequest.Builder(Request.Method.valueOf(request.getMethod().getName()),
          URI.create(request.getAbsoluteUrl()).getPath());
      URI url = URI.create(request.getAbsoluteUrl());
      if (url.getRawQuery() != null) {
        for (String pair : url.getRawQuery().split("&")) {
          String[] kv = pair.split("=", 2);
          checked.withQueryParam(kv[0], java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "",
              java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      request.getHeaders().all().forEach(h -> checked.withHeader(h.key(), h.values()));
      if (request.getBodyAsString() != null && !request.getBodyAsString().isEmpty()) {
        checked.withBody(request.getBodyAsString());
      }
      SimpleResponse.Builder answered = SimpleResponse.Builder.status(response.getStatus());
      response.getHeaders().all().forEach(h -> answered.withHeader(h.key(), h.values()));
      if (response.getBodyAsString() != null && !response.getBodyAsString().isEmpty()) {
        answered.withBody(response.getBodyAsString());
      }
      if (response.getStatus() == 502 || response.getStatus() == 503 || response.getStatus() == 504
          || response.getFault() != null) {
        // A proxy's or load balancer's failure, or a dropped connection, not an answer of the API: the
        // description does not model them, and they happen all the same. The request is still checked.
        validator.validateRequest(checked.build()).getMessages().stream()
            .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
            .forEach(m -> problems.add(request.getMethod() + " " + url.getPath() + ": " + m.getMessage()));
        return;
      }
      ValidationReport report = validator.validate(checked.build(), answered.build());
      report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
          .forEach(m -> problems.add(request.getMethod() + " " + url.getPath() + ": " + m.getMessage()));
    });
    server.start();
  }

  private static synchronized void loadSpec() throws Exception {
    if (validator == null) {
      File file = new File(System.getProperty("github.openapi",
          "src/test/github-openapi/node_modules/@octokit/openapi/generated/api.github.com.json"));
      if (!file.isFile()) {
        throw new IllegalStateException(file + " is missing; the build installs it with npm");
      }
      spec = JSON.readTree(file);
      // GitHub asks clients for application/vnd.github+json, a media type its description does not model.
      validator = OpenApiInteractionValidator.createForSpecificationUrl(file.getAbsolutePath())
          .withLevelResolver(LevelResolver.create()
              .withLevel("validation.request.accept.notAllowed", ValidationReport.Level.IGNORE).build())
          .build();
    }
  }

  public URI api() {
    return URI.create("http://127.0.0.1:" + server.port() + "/");
  }

  public List<String> problems() {
    return problems;
  }

  public WireMockServer wiremock() {
    return server;
  }

  /**
   * GitHub's example, made to satisfy GitHub's own schema: its examples carry repository fields
   * the schema does not allow, and teams without their required type.
   */
  private static ObjectNode conforming(JsonNode example) {
    ObjectNode pull = (ObjectNode) example.deepCopy();
    pull.putArray("requested_teams");
    for (String side : new String[] {"head", "base"}) {
      JsonNode repo = pull.path(side).path("repo");
      if (repo instanceof ObjectNode object) {
        object.remove(List.of("network_count", "subscribers_count", "template_repository"));
      }
    }
    return pull;
  }

  /** GitHub's example pull request, renumbered for this branch. */
  public static ObjectNode pullRequest(int number, String branch, String body) {
    ObjectNode pull = conforming(spec.at("/components/examples/pull-request/value"));
    pull.put("number", number).put("html_url", "https://github.com/myorg/registry/pull/" + number).put("body", body);
    ((ObjectNode) pull.get("head")).put("ref", branch).put("label", "myorg:" + branch);
    return pull;
  }

  /** A page of the list of pull requests, built from GitHub's example item. */
  public static ArrayNode pullRequests(List<ObjectNode> pulls) {
    ArrayNode page = JSON.createArrayNode();
    ObjectNode example = conforming(spec.at("/components/examples/pull-request-simple-items/value/0"));
    for (ObjectNode pull : pulls) {
      ObjectNode item = example.deepCopy();
      item.put("number", pull.get("number").asInt()).put("html_url", pull.get("html_url").asText())
          .put("body", pull.get("body").asText());
      ((ObjectNode) item.get("head")).put("ref", pull.at("/head/ref").asText()).put("label", pull.at("/head/label").asText());
      page.add(item);
    }
    return page;
  }

  public static JsonNode labels() {
    return spec.at("/components/examples/label-items/value");
  }

  public void stubJson(MappingBuilder mapping, int status, JsonNode body) {
    server.stubFor(mapping.willReturn(aResponse().withStatus(status).withHeader("Content-Type",
        "application/json; charset=utf-8").withBody(body.toString())));
  }

  public static MappingBuilder listPulls() {
    return get(urlPathEqualTo("/repos/myorg/registry/pulls"));
  }

  public static MappingBuilder createPull() {
    return post(urlPathEqualTo("/repos/myorg/registry/pulls"));
  }

  public static MappingBuilder updatePull(int number) {
    return patch(urlPathEqualTo("/repos/myorg/registry/pulls/" + number));
  }

  public static MappingBuilder addLabels(int number) {
    return post(urlPathEqualTo("/repos/myorg/registry/issues/" + number + "/labels"));
  }

  @Override
  public void close() {
    server.stop();
  }
}
