package dev.skiff.cli;

import static dev.skiff.cli.SkiffCliIT.skiff;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.model.Digest;
import dev.skiff.registry.pull.ManifestPages;
import dev.skiff.registry.site.StaticServer;
import dev.skiff.testing.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull commands a namespace page and {@code skiff site}'s summary offer, for a site over http
 * with a port, under a path prefix, and over https: each {@code skiff pull} is run as printed
 * against nginx, and each {@code shub://} reference is checked against Apptainer's own rule for it
 * ({@code isShubPullRef} in its shub client), which allows no port.
 */
class PageCommandsIT {
  /** Apptainer's shub reference rule, as its client writes it (registry, user, container, tag, digest). */
  static final Pattern APPTAINER_SHUB = Pattern.compile("^(shub://)([-.a-zA-Z0-9/]{1,64}/)?([-a-zA-Z0-9]{1,39}/)"
      + "([-_.a-zA-Z0-9]{1,64})(:[-_.a-zA-Z0-9]{1,64})?((@[a-f0-9]{32})|(@[a-f0-9]{40}))?$");
  static final Pattern COMMAND = Pattern.compile("(?:skiff|apptainer) pull [^<\"\\n]+");

  @TempDir
  Path work;

  StaticServer server;
  Path www;
  Path registry;
  byte[] image;

  @BeforeEach
  void aRegistryWithOneImage() throws Exception {
    www = Files.createDirectories(work.resolve("www"));
    server = StaticServer.serve(www, work.resolve("nginx"));
    image = TestImages.sif(work.resolve("tool.sif"), "Bootstrap: scratch\n# tool\n", 3);
    Files.createDirectories(www.resolve("blobs"));
    Files.write(www.resolve("blobs/tool.sif"), image);
    registry = work.resolve("registry");
    assertThat(skiff("registry", "init", registry.toString()).exitCode()).isZero();
    Path page = registry.resolve("lab/tool/manifests/latest/README.md");
    Files.createDirectories(page.getParent());
    Files.writeString(page, ManifestPages.of(image, server.url("blobs/tool.sif").toString()));
    try (Git git = Git.open(registry.toFile())) {
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("Test", "test@example.org");
      git.commit().setMessage("lab/tool:latest").setAuthor(who).setCommitter(who).setSign(false).call();
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Renders the site into {@code folder} of the served tree for {@code baseUrl}; returns the summary's pull line. */
  String render(String folder, String baseUrl) {
    SkiffCliIT.Result site = skiff("site", "--registry", registry.toString(), "--out", www.resolve(folder).toString(),
        "--force", "--base-url", baseUrl);
    assertThat(site.exitCode()).as(site.err()).isZero();
    return site.out().lines().filter(line -> line.startsWith("Pull: ")).findFirst().orElseThrow();
  }

  List<String> commands(String folder) throws Exception {
    Matcher matcher = COMMAND.matcher(Files.readString(www.resolve(folder).resolve("lab/tool/index.html")));
    List<String> commands = new ArrayList<>();
    while (matcher.find()) {
      commands.add(matcher.group().strip());
    }
    return commands.stream().distinct().toList();
  }

  /** Runs a {@code skiff pull} command as the page prints it, into a file of the test's. */
  void runAsPrinted(String command) throws Exception {
    List<String> words = new ArrayList<>(List.of(command.split(" ")));
    assertThat(words.subList(0, 2)).containsExactly("skiff", "pull");
    Path out = work.resolve("pulled-" + Math.abs(command.hashCode()) + ".sif");
    words.addAll(List.of("-o", out.toString()));
    Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH"), "HOME", work.toString(),
        "XDG_CACHE_HOME", work.resolve("cache").toString()));
    SkiffCliIT.Result pull = skiff(env, words.subList(1, words.size()).toArray(String[]::new));
    assertThat(pull.exitCode()).as(command + "\n" + pull.err()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(image);
  }

  @Test
  void anHttpSiteWithAPortOffersCommandsThatKeepItsSchemeAndNoShub() throws Exception {
    String base = server.url("").toString();
    String hostPort = URI.create(base).getAuthority();
    String summary = render(".", base);
    List<String> commands = commands(".");
    assertThat(commands).containsExactlyInAnyOrder("skiff pull http://" + hostPort + "/lab/tool:latest",
        "apptainer pull --no-https oras://" + hostPort + "/lab/tool:latest");
    assertThat(summary).isEqualTo("Pull: skiff pull, curl, apptainer pull --no-https oras:// (where the host serves v2/);"
        + " shub:// needs https, no port and at most 64 characters of host and path");
    runAsPrinted(commands.get(commands.size() - 1));
  }

  @Test
  void aSiteUnderAPathPrefixOffersSkiffPullWithThePrefixAndNoOras() throws Exception {
    String base = server.url("mirror/registry/").toString();
    String summary = render("mirror/registry", base);
    List<String> commands = commands("mirror/registry");
    assertThat(commands).containsExactly("skiff pull " + base + "lab/tool:latest");
    assertThat(summary).contains("oras:// needs the site at the host's root").doesNotContain("apptainer pull");
    runAsPrinted(commands.get(0));
  }

  @Test
  void anHttpsSiteOffersShubWhereApptainersRuleAcceptsTheReference() throws Exception {
    render("pages", "https://myorg.github.io/registry/");
    assertThat(commands("pages")).containsExactly("apptainer pull shub://myorg.github.io/registry/lab/tool:latest",
        "skiff pull myorg.github.io/registry/lab/tool:latest");
    assertThat(APPTAINER_SHUB.matcher("shub://myorg.github.io/registry/lab/tool:latest").matches()).isTrue();

    render("ported", "https://registry.example.org:8443/");
    List<String> ported = commands("ported");
    assertThat(ported).containsExactly("apptainer pull oras://registry.example.org:8443/lab/tool:latest",
        "skiff pull registry.example.org:8443/lab/tool:latest");
    assertThat(APPTAINER_SHUB.matcher("shub://registry.example.org:8443/lab/tool:latest").matches())
        .as("the rule the shub command was left out for").isFalse();
  }

  @Test
  void apptainersPullByTagAndCommitFindsItsAnswer() throws Exception {
    render(".", server.url("").toString());
    String commit = Digest.sha256(image).hex().substring(0, 40);
    assertThat(APPTAINER_SHUB.matcher("shub://myorg.github.io/lab/tool:latest@" + commit).matches()).isTrue();
    // The request Apptainer's client sends for it: the API route, then user/container:tag@digest as written.
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        server.url("api/container/lab/tool:latest@" + commit)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(answer.body()).path("image").asText()).isEqualTo(
        server.url("blobs/tool.sif").toString());
  }

  @Test
  void aSiteWrittenWithoutASchemeThatAnswersPlainHttpIsToldToWriteHttp() {
    render(".", server.url("").toString());
    String hostPort = URI.create(server.url("").toString()).getAuthority();
    SkiffCliIT.Result pull = skiff(Map.of("PATH", System.getenv("PATH"), "HOME", work.toString(), "XDG_CACHE_HOME",
        work.resolve("cache").toString()), "pull", hostPort + "/lab/tool:latest", "-o", work.resolve("x.sif").toString());
    assertThat(pull.exitCode()).isEqualTo(1);
    assertThat(pull.err()).isEqualTo("error: https://" + hostPort + "/ answers plain http, not https: write http://"
        + hostPort + "/lab/tool:latest (or --site http://" + hostPort + "/)" + System.lineSeparator());
  }
}
