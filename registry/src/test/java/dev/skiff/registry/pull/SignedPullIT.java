package dev.skiff.registry.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.Digest;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.registry.site.SiteRenderer;
import dev.skiff.registry.site.SiteRequest;
import dev.skiff.registry.verify.RegistryRules;
import dev.skiff.registry.verify.RegistryScenario;
import dev.skiff.signing.SifSigner;
import dev.skiff.signing.SigningKey;
import dev.skiff.signing.testing.SylabsSif;
import dev.skiff.signing.testing.TestKeys;
import dev.skiff.spi.ProgressListener;
import dev.skiff.support.RetryPolicy;
import dev.skiff.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff pull} from the rendered site of a registry with signing keys, on loopback HTTP:
 * where signatures are required (or asked for) only an image signed by a bound key is written.
 */
class SignedPullIT {
  static final Instant IMAGE_DATE = Instant.parse("2026-11-30T12:00:00Z");

  @TempDir
  Path work;

  SiteHttpServer server;
  Path served;
  Path registry;
  TestKeys keys;
  PullClient client = new PullClient(new RetryPolicy(3, Duration.ofSeconds(5)));

  @BeforeEach
  void siteOfASigningRegistry() throws Exception {
    keys = TestKeys.get();
    served = Files.createDirectories(work.resolve("served"));
    server = new SiteHttpServer(served);
    registry = work.resolve("registry");
    try (RegistryScenario scenario = new RegistryScenario(registry)) {
      scenario.onMain()
          .write(RegistryRules.FILE, RegistryScenario.LOOPBACK_BLOBS + "signatures: required\nkeys:\n  lab/*: ["
              + keys.ci().fingerprint() + "]\n  other/*: [" + keys.other().fingerprint() + "]\n")
          .write(RegistryLayout.KEYS_FOLDER + "ci.asc", keys.ci().publicKey())
          .write(RegistryLayout.KEYS_FOLDER + "mallory.asc", keys.other().publicKey())
          .write("lab/tool/manifests/signed/README.md", page("signed", keys.ci()))
          .write("lab/tool/manifests/apptainer/README.md", apptainerSigned("apptainer"))
          .write("lab/tool/manifests/foreign/README.md", page("foreign", keys.other()))
          .write("lab/tool/manifests/unsigned/README.md", page("unsigned", null))
          .commit();
    }
    render();
  }

  private final java.util.Map<String, byte[]> blobs = new java.util.TreeMap<>();

  /** Renders the site, then puts the blobs back beside it: a render clears what it wrote before. */
  private void render() throws Exception {
    SiteRenderer.render(SiteRequest.of(registry.toString(), served).withForce(true));
    for (var blob : blobs.entrySet()) {
      Files.createDirectories(served.resolve("blobs"));
      Files.write(served.resolve(blob.getKey()), blob.getValue());
    }
  }

  private String page(String tag, TestKeys.Key signer) throws Exception {
    Path image = work.resolve(tag + ".sif");
    TestImages.sif(image, "Bootstrap: scratch\n# " + tag + "\n", 1);
    if (signer != null) {
      SifSigner.sign(image, SigningKey.read(signer.secretKey(), new char[0], Instant.now()), IMAGE_DATE);
    }
    return served(image);
  }

  private String apptainerSigned(String tag) throws Exception {
    Path image = work.resolve(tag + ".sif");
    TestImages.sif(image, "Bootstrap: scratch\n# " + tag + "\n", 2);
    SylabsSif.sign(keys.ci().writeSecret(work, "ci.key"), image, IMAGE_DATE.getEpochSecond());
    return served(image);
  }

  private String served(Path image) throws Exception {
    byte[] bytes = Files.readAllBytes(image);
    String name = "blobs/" + Digest.sha256(bytes).hex() + ".sif";
    blobs.put(name, bytes);
    return ManifestPages.of(bytes, server.url(name).toString());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  PullResult pull(String reference, Path output, boolean requireSignature) throws Exception {
    return client.pull(new PullRequest(PullReference.parse(reference, Optional.of(server.url("").toString())),
        Optional.of(output), work.resolve("cache"), ProgressListener.NONE, requireSignature));
  }

  @Test
  void anImageABoundKeySignedIsWrittenWithItsSigner() throws Exception {
    for (String tag : new String[] {"signed", "apptainer"}) {
      Path out = work.resolve("out-" + tag + ".sif");
      PullResult result = pull("lab/tool:" + tag, out, false);
      assertThat(out).exists();
      assertThat(result.signers()).containsExactly(keys.ci().fingerprint() + " (Lab CI <ci@lab.example>)");
    }
  }

  @Test
  void whereSignaturesAreRequiredAnUnsignedOrForeignImageIsNotWritten() throws Exception {
    Path out = work.resolve("out.sif");
    assertThatThrownBy(() -> pull("lab/tool:unsigned", out, false))
        .hasMessage("lab/tool:unsigned: the registry requires signed images, and it is not signed; nothing was written");
    assertThatThrownBy(() -> pull("lab/tool:foreign", out, false))
        .hasMessageContaining("the registry requires signed images, and its signatures do not hold:")
        .hasMessageContaining("is by key ID " + keys.other().fingerprint().substring(24));
    assertThat(out).doesNotExist();
  }

  @Test
  void requireSignatureChecksWhereTheRegistryDoesNot() throws Exception {
    try (RegistryScenario scenario = RegistryScenario.open(registry)) {
      scenario.onMain().write(RegistryRules.FILE, RegistryScenario.LOOPBACK_BLOBS + "signatures: optional\n").commit();
    }
    render();
    Path out = work.resolve("out.sif");
    assertThat(pull("lab/tool:unsigned", out, false).signers()).isEmpty();
    Files.delete(out);
    assertThatThrownBy(() -> pull("lab/tool:unsigned", out, true))
        .hasMessage("lab/tool:unsigned: --require-signature asks for a signed image, and it is not signed; nothing"
            + " was written");
    assertThat(pull("lab/tool:signed", out, true).signers()).hasSize(1);
  }
}
