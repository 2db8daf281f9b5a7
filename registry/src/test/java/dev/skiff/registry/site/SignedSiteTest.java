package dev.skiff.registry.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.model.Digest;
import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;
import dev.skiff.registry.CollectionPage;
import dev.skiff.registry.ManifestPage;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.registry.verify.RegistryRules;
import dev.skiff.registry.verify.RegistryScenario;
import dev.skiff.signing.testing.TestKeys;
import dev.skiff.testing.Tools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site of a registry with signing keys: each tag names its signer and how to check it; the keys are published. */
class SignedSiteTest {
  @TempDir
  Path registry;

  @TempDir
  Path work;

  RegistryScenario scenario;
  TestKeys keys;

  @BeforeEach
  void registryWithKeys() throws Exception {
    keys = TestKeys.get();
    scenario = new RegistryScenario(registry);
    scenario.onMain()
        .write(RegistryRules.FILE, RegistryScenario.LOOPBACK_BLOBS + "signatures: required\nkeys:\n  lab/*: ["
            + keys.ci().fingerprint() + "]\n")
        .write(RegistryLayout.KEYS_FOLDER + "ci.asc", keys.ci().publicKey())
        .write("lab/tool/README.md", CollectionPage.render("Tools"))
        .write("lab/tool/manifests/latest/README.md", page("latest", Optional.of(keys.ci().fingerprint())))
        .write("lab/tool/manifests/foreign/README.md", page("foreign", Optional.of(keys.other().fingerprint())))
        .write("lab/tool/manifests/plain/README.md", page("plain", Optional.empty()))
        .commit();
  }

  @AfterEach
  void close() {
    scenario.close();
  }

  private static String page(String tag, Optional<String> signer) {
    byte[] image = ("image " + tag).getBytes();
    return ManifestPage.render(new Manifest(Namespace.parse("lab/tool"), Tag.of(tag), Digest.sha256(image), 4096,
        URI.create("https://blobs.example.org/lab/tool/" + Digest.sha256(image).hex() + ".sif"),
        new Manifest.Provenance("Singularity." + tag, Digest.sha256(image), "scratch", Instant.EPOCH, Optional.empty(),
            Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), signer, Optional.empty())));
  }

  private Path render() throws Exception {
    Path out = work.resolve("site");
    SiteRenderer.render(SiteRequest.of(registry.toString(), out).withBaseUrl("https://myorg.github.io/registry"));
    return out;
  }

  @Test
  void eachSignedTagNamesItsSignerAndTheCommandsThatCheckIt() throws Exception {
    Path out = render();
    String page = Files.readString(out.resolve("lab/tool/index.html"));
    String fingerprint = keys.ci().fingerprint();
    assertThat(page)
        .contains("Signed by <a href=\"../../_skiff/keys/" + fingerprint + ".asc\"><code>" + fingerprint
            + "</code></a> (Lab CI &lt;ci@lab.example&gt;)")
        .contains("curl -fLO https://myorg.github.io/registry/_skiff/keys/" + fingerprint + ".asc")
        .contains("apptainer verify --key " + fingerprint + ".asc &#39;tool_latest.sif&#39;")
        .contains("<code>" + keys.other().fingerprint() + "</code>, a key this registry does not hold");
    assertThat(page.split("class=\"signer\"", -1)).as("the unsigned tag names no signer").hasSize(3);
  }

  @Test
  void theKeysArePublishedForGpgAndSkiffPull() throws Exception {
    Path out = render();
    String fingerprint = keys.ci().fingerprint();
    Path published = out.resolve("_skiff/keys/" + fingerprint + ".asc");
    // gpg, not Skiff, reads the published file back.
    Path home = Files.createDirectory(work.resolve("gnupg"));
    String shown = Tools.ok(home, "gpg", "--homedir", home.toString(), "--batch", "--with-colons", "--show-keys",
        published.toString());
    assertThat(shown).contains("fpr:::::::::" + fingerprint + ":").contains("Lab CI <ci@lab.example>");
    JsonNode index = SiteRendererTest.json(out.resolve("_skiff/keys/index.json"));
    assertThat(index.path("signatures").asText()).isEqualTo("required");
    assertThat(index.path("keys").path(0).path("fingerprint").asText()).isEqualTo(fingerprint);
    assertThat(index.path("keys").path(0).path("file").asText()).isEqualTo(fingerprint + ".asc");
    assertThat(index.path("keys").path(0).path("namespaces")).extracting(JsonNode::asText).containsExactly("lab/*");
    assertThat(Files.readString(out.resolve("index.html"))).contains("Every image here is signed by one of these keys.")
        .contains("<a href=\"_skiff/keys/" + fingerprint + ".asc\"><code>" + fingerprint + "</code></a>");
  }

  @Test
  void aNewKeyRendersEveryPageAgainEvenIncrementally() throws Exception {
    Path out = render();
    scenario.onMain().write(RegistryLayout.KEYS_FOLDER + "mallory.asc", keys.other().publicKey()).commit();
    render();
    assertThat(Files.readString(out.resolve("lab/tool/index.html")))
        .contains("(Mallory &lt;mallory@elsewhere.example&gt;)")
        .doesNotContain("a key this registry does not hold");
  }
}
