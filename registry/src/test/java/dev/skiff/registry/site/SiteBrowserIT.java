package dev.skiff.registry.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.registry.CollectionPage;
import dev.skiff.registry.FrontMatter;
import dev.skiff.registry.verify.RegistryScenario;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The rendered site in a real browser (Debian's chromium, headless, through Selenium), served by a
 * real static server (nginx) on loopback: search, the namespace page, the copy buttons, a hostile
 * description, and axe-core's accessibility rules. Screenshots go to target/site-screenshots.
 */
class SiteBrowserIT {
  @TempDir
  static Path work;

  static StaticServer server;
  static ChromeDriver browser;
  static Path screenshots;

  @BeforeAll
  static void renderServeAndOpen() throws Exception {
    Path registry = work.resolve("registry");
    try (RegistryScenario scenario = new RegistryScenario(registry)) {
      Map<String, Object> evil = new LinkedHashMap<>();
      evil.put(FrontMatter.LAYOUT, "collection");
      evil.put("description", "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script> {{ 7*7 }}");
      scenario.onMain()
          .write("lab/tool/README.md", CollectionPage.render("Tools of the lab"))
          .write("lab/tool/manifests/latest/README.md", SiteRendererTest.page("lab/tool", "latest", 1,
              Map.of("Maintainer", "lab")))
          .write("lab/tool/manifests/v1.2/README.md", SiteRendererTest.page("lab/tool", "v1.2", 2,
              Map.of("Maintainer", "lab", "Flavour", "gpu")))
          .write("mylab/tool/manifests/other/README.md", SiteRendererTest.page("mylab/tool", "other", 3, Map.of()))
          .write("evil/ns/README.md", FrontMatter.render(evil))
          .write("evil/ns/manifests/latest/README.md", SiteRendererTest.page("evil/ns", "latest", 4, Map.of()))
          .at(java.time.Instant.parse("2026-11-01T09:00:00Z"))
          .commit();
      // latest moves: the history page has an earlier image to show.
      scenario.onMain().write("lab/tool/manifests/latest/README.md", SiteRendererTest.page("lab/tool", "latest", 5,
          Map.of("Maintainer", "lab"))).at(java.time.Instant.parse("2026-11-20T15:30:00Z")).commit();
    }
    Path site = work.resolve("site");
    SiteRenderer.render(SiteRequest.of(registry.toString(), site).withBaseUrl("https://registry.example.org/"));
    server = StaticServer.serve(site, work.resolve("nginx"));
    screenshots = Files.createDirectories(Path.of(System.getProperty("screenshots", "target/site-screenshots")));
    for (String binary : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
      if (!Files.isExecutable(Path.of(binary))) {
        throw new IllegalStateException(binary + " is not installed (Debian: chromium chromium-driver); bin/test installs it");
      }
    }
    ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
        "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + work.resolve("chromium"));
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .build(), options);
    browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", server.url("").toString().replaceAll("/$", ""),
        "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
  }

  @AfterAll
  static void close() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @Test
  void searchFindsATagAndLeadsToItsNamespace() throws Exception {
    browser.get(server.url("index.html").toString());
    browser.findElement(By.id("q")).sendKeys("v1.2");
    WebElement result = waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#results li a")));
    assertThat(browser.findElements(By.cssSelector("#results li > a:first-child"))).extracting(WebElement::getText)
        .containsExactly("lab/tool");
    shoot("search");
    result.click();
    waiting().until(ExpectedConditions.titleIs("lab/tool"));
    assertThat(browser.findElements(By.cssSelector("tbody tr th"))).extracting(WebElement::getText)
        .containsExactly("latest", "v1.2");
  }

  @Test
  void theCopyButtonCopiesTheExactCommand() throws Exception {
    browser.get(server.url("lab/tool/index.html").toString());
    shoot("namespace");
    WebElement button = browser.findElements(By.cssSelector("#pull-v1\\.2 .command button.copy")).stream()
        .filter(copy -> String.valueOf(copy.getDomAttribute("data-copy")).startsWith("curl ")).findFirst().orElseThrow();
    String command = button.getDomAttribute("data-copy");
    assertThat(command).startsWith("curl -fL -o tool_v1.2.sif 'https://blobs.example.org/lab/tool/")
        .contains("sha256sum -c");
    assertThat(button.findElement(By.xpath("preceding-sibling::pre")).getText()).isEqualTo(command);
    button.click();
    waiting().until(ExpectedConditions.textToBePresentInElement(button, "Copied"));
    Object copied = ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('ERROR ' + e));");
    assertThat(copied).isEqualTo(command);
  }

  @Test
  void aHostileDescriptionIsTextAndRunsNothing() throws Exception {
    browser.get(server.url("evil/ns/index.html").toString());
    WebElement description = browser.findElement(By.cssSelector("p.description"));
    assertThat(description.getText()).contains("<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>")
        .contains("{{ 7*7 }}");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined")).isEqualTo(true);
    // The namespace's own badge is the one image the page shows.
    assertThat(browser.findElements(By.cssSelector("main img:not([src='badge.svg']), main script"))).isEmpty();
  }

  @Test
  void axeFindsNoSeriousAccessibilityProblem() throws Exception {
    String axe = Files.readString(Path.of(System.getProperty("test.tools", "src/test/browser/node_modules"),
        "axe-core", "axe.min.js"));
    for (int width : new int[] {1280, 390}) {
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
      for (String page : List.of("index.html", "lab/index.html", "lab/tool/index.html", "lab/tool/history.html",
          "evil/ns/index.html", "_skiff/browse/1.html")) {
        browser.get(server.url(page).toString());
        ((JavascriptExecutor) browser).executeScript(axe);
        Object violations = ((JavascriptExecutor) browser).executeAsyncScript("""
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))));
            """);
        assertThat((List<?>) violations).as(page + " at " + width + " px").isEmpty();
      }
    }
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
  }

  @Test
  void homeOwnerNamespaceAndHistoryReadWellWideAndOnAPhone() throws Exception {
    Map<String, String> views = Map.of("home", "index.html", "owner", "lab/index.html", "namespace",
        "lab/tool/index.html", "history", "lab/tool/history.html");
    try {
      for (int width : new int[] {1280, 390}) {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
        for (Map.Entry<String, String> view : new java.util.TreeMap<>(views).entrySet()) {
          browser.get(server.url(view.getValue()).toString());
          // Nothing scrolls sideways: the tables become cards and the commands wrap on a phone.
          Object overflow = ((JavascriptExecutor) browser).executeScript(
              "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
          assertThat(((Number) overflow).longValue()).as(view.getKey() + " at " + width + " px scrolls sideways")
              .isLessThanOrEqualTo(0);
          shoot(view.getKey() + "-" + width);
        }
      }
    } finally {
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }
    browser.get(server.url("index.html").toString());
    assertThat(browser.findElements(By.cssSelector("table.stack tbody tr td:first-child a"))).extracting(WebElement::getText)
        .startsWith("lab/tool:latest");
    browser.get(server.url("lab/tool/history.html").toString());
    assertThat(browser.findElements(By.cssSelector("#history-latest tbody tr"))).hasSize(2);
    assertThat(browser.findElement(By.cssSelector("#history-latest tbody tr td")).getText()).contains("2026-11-20 15:30 UTC");
  }

  @Test
  void theSingularityHubClientGetsItsAnswerFromTheStaticHost() throws Exception {
    var answer = SingularityHubClientAsDocumented.resolve(server.url("").toString(), "lab/tool:v1.2");
    assertThat(answer.image()).startsWith("https://blobs.example.org/lab/tool/");
    assertThat(answer.commit()).matches("[0-9a-f]{40}");
    var byCommit = SingularityHubClientAsDocumented.resolve(server.url("").toString(), "lab/tool@" + answer.commit());
    assertThat(byCommit).isEqualTo(answer);
    var latest = SingularityHubClientAsDocumented.resolve(server.url("").toString(), "lab/tool");
    assertThat(latest.commit()).isNotEqualTo(answer.commit());
  }

  static void shoot(String name) throws Exception {
    Files.write(screenshots.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
  }
}
