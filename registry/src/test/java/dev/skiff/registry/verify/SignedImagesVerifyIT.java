package dev.skiff.registry.verify;

import static dev.skiff.registry.verify.RegistryVerifierIT.assertPassed;
import static dev.skiff.registry.verify.RegistryVerifierIT.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.model.Digest;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.sif.SifFile;
import dev.skiff.signing.SifSigner;
import dev.skiff.signing.SigningKey;
import dev.skiff.signing.testing.SylabsSif;
import dev.skiff.signing.testing.TestKeys;
import dev.skiff.testing.TestImages;
import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff verify --deep} on a registry that binds signing keys to namespaces, with images
 * signed by Skiff and by the sylabs/sif library (Apptainer's signer), served over loopback HTTPS:
 * every image a bound key signed passes, every other is refused with its reason.
 */
class SignedImagesVerifyIT {
  static final String BRANCH = "update/myorg/centos";
  static final String NS = "myorg/centos/";
  static final Instant IMAGE_DATE = Instant.parse("2026-11-30T12:00:00Z");

  @TempDir
  static Path serverDir;

  static BlobServer server;
  static TestKeys keys;

  @TempDir
  Path registry;

  RegistryScenario scenario;

  @BeforeAll
  static void serveImages() throws Exception {
    keys = TestKeys.get();
    server = new BlobServer(serverDir);
    serve("unsigned.sif", image("unsigned.sif", 1));
    Path signed = image("signed.sif", 2);
    SifSigner.sign(signed, signingKey(keys.ci()), IMAGE_DATE);
    serve("signed.sif", signed);
    Path apptainerSigned = image("apptainer-signed.sif", 3);
    SylabsSif.sign(keys.ci().writeSecret(serverDir, "ci.key"), apptainerSigned, IMAGE_DATE.getEpochSecond());
    serve("apptainer-signed.sif", apptainerSigned);
    Path foreign = image("other-signed.sif", 4);
    SifSigner.sign(foreign, signingKey(keys.other()), IMAGE_DATE);
    serve("other-signed.sif", foreign);
    Path expired = image("expired-signed.sif", 5);
    SylabsSif.sign(keys.expired().writeSecret(serverDir, "old.key"), expired, IMAGE_DATE.getEpochSecond());
    serve("expired-signed.sif", expired);
    // Signed, then one byte of the root file system flipped: served with the digest of what it now is.
    Path tampered = image("tampered.sif", 6);
    SifSigner.sign(tampered, signingKey(keys.ci()), IMAGE_DATE);
    try (RandomAccessFile file = new RandomAccessFile(tampered.toFile(), "rw")) {
      file.seek(SifFile.read(tampered).primaryPartition().offset() + 64);
      file.write(0x5a);
    }
    serve("tampered.sif", tampered);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static Path image(String name, int seed) throws Exception {
    Path file = serverDir.resolve(name);
    TestImages.sif(file, "Bootstrap: scratch\n# " + seed + "\n", seed);
    return file;
  }

  private static SigningKey signingKey(TestKeys.Key key) throws Exception {
    return SigningKey.read(key.secretKey(), new char[0], Instant.parse("2026-01-01T00:00:00Z"));
  }

  private static void serve(String name, Path file) throws Exception {
    server.put(name, Files.readAllBytes(file));
  }

  private static String manifest(String name, String signer) throws Exception {
    byte[] blob = Files.readAllBytes(serverDir.resolve(name));
    String digest = Digest.sha256(blob).toString();
    return "---\nlayout: manifests/singularity\nsize: " + blob.length + "\ndigest: " + digest + "\nlayers:\n- size: "
        + blob.length + "\n  digest: " + digest + "\n  url: " + server.https("/blobs/" + name) + "\n"
        + (signer == null ? "" : "skiff:\n  signer: " + signer + "\n") + "---\n";
  }

  /** A registry that requires signatures, binds the CI key to myorg/* and Mallory's to lab/*. */
  @BeforeEach
  void registryThatRequiresSignatures() throws Exception {
    scenario = new RegistryScenario(registry);
    scenario.onMain()
        .write(RegistryRules.FILE, RegistryScenario.LOOPBACK_BLOBS + "signatures: required\nkeys:\n"
            + "  myorg/*: [" + spaced(keys.ci().fingerprint()) + "]\n  lab/*: [" + keys.other().fingerprint() + "]\n")
        .write(RegistryLayout.KEYS_FOLDER + "ci.asc", keys.ci().publicKey())
        .write(RegistryLayout.KEYS_FOLDER + "mallory.asc", keys.other().publicKey())
        .write(RegistryLayout.KEYS_FOLDER + "old.asc", keys.expired().publicKey())
        .write(NS + "README.md", "---\nlayout: collection\ndescription: CentOS\n---\n")
        .commit();
  }

  /** As gpg --fingerprint prints it: groups of four. */
  private static String spaced(String fingerprint) {
    return fingerprint.replaceAll("(.{4})(?!$)", "$1 ");
  }

  @AfterEach
  void close() {
    scenario.close();
  }

  VerifyReport verify(String head, boolean deep) throws Exception {
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(server.clientContext()).connectTimeout(Duration.ofSeconds(30)).build();
    return new RegistryVerifier(client).verify(new VerifyRequest(registry, "main", head, BRANCH, deep, 4,
        Duration.ofSeconds(30), 3));
  }

  private String pullRequest(String tag, String image, String signer) throws Exception {
    return scenario.pullRequest(BRANCH).write(NS + "manifests/" + tag + "/README.md", manifest(image, signer)).commit();
  }

  @Test
  void imagesABoundKeySignedPassWhoeverSignedThem() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(NS + "manifests/latest/README.md", manifest("signed.sif", keys.ci().fingerprint()))
        .write(NS + "manifests/apptainer/README.md", manifest("apptainer-signed.sif", null))
        .commit();
    VerifyReport report = verify(head, true);
    assertPassed(report);
    assertThat(report.findings()).filteredOn(f -> f.check().equals(SignaturePolicy.CHECK)).hasSize(2)
        .allSatisfy(f -> assertThat(f.message()).contains("signed by " + keys.ci().fingerprint()
            + " (Lab CI <ci@lab.example>)"));
  }

  @Test
  void anUnsignedImageIsRefusedWhereSignaturesAreRequired() throws Exception {
    assertRejected(verify(pullRequest("latest", "unsigned.sif", null), true), NS + "manifests/latest/README.md",
        "the image is not signed, and this registry requires signatures");
  }

  @Test
  void aKeyOfTheRegistryBoundToAnotherNamespaceIsRefused() throws Exception {
    assertRejected(verify(pullRequest("latest", "other-signed.sif", null), true), NS + "manifests/latest/README.md",
        "signed by " + keys.other().fingerprint() + ", which .skiff/registry.yml does not bind to myorg/centos"
            + " (keys: " + keys.ci().fingerprint() + ")");
  }

  @Test
  void aTamperedPartitionIsRefusedThoughItsDigestMatches() throws Exception {
    VerifyReport report = verify(pullRequest("latest", "tampered.sif", keys.ci().fingerprint()), true);
    assertThat(report.findings()).anySatisfy(f -> assertThat(f.check() + f.passed()).isEqualTo("blobtrue"));
    assertRejected(report, NS + "manifests/latest/README.md",
        "object 2 (the system partition) changed after it was signed");
  }

  @Test
  void aSignatureByAnExpiredKeyIsRefused() throws Exception {
    scenario.onMain().write(RegistryRules.FILE, RegistryScenario.LOOPBACK_BLOBS + "signatures: required\n").commit();
    assertRejected(verify(pullRequest("latest", "expired-signed.sif", null), true), NS + "manifests/latest/README.md",
        "which expired on 2020-01-02");
  }

  @Test
  void aManifestNamingAnotherSignerIsRefused() throws Exception {
    assertRejected(verify(pullRequest("latest", "signed.sif", keys.other().fingerprint()), true),
        NS + "manifests/latest/README.md", "the manifest names signer " + keys.other().fingerprint()
            + ", but the image is signed by " + keys.ci().fingerprint());
    assertRejected(verify(pullRequest("latest", "unsigned.sif", keys.ci().fingerprint()), true),
        NS + "manifests/latest/README.md", "but the image carries no signature");
  }

  @Test
  void aSignerThatIsNoFingerprintIsRefusedBeforeAnythingIsFetched() throws Exception {
    String head = scenario.pullRequest(BRANCH).write(NS + "manifests/latest/README.md",
        manifest("signed.sif", "\"<img src=x onerror=alert(1)>\"")).commit();
    assertRejected(verify(head, false), NS + "manifests/latest/README.md",
        "skiff: signer must be a key fingerprint (40 upper-case hex digits)");
  }

  @Test
  void requiredSignaturesNeedTheDeepCheck() throws Exception {
    assertRejected(verify(pullRequest("latest", "signed.sif", null), false), NS + "manifests/latest/README.md",
        "this registry requires signatures, which only skiff verify --deep checks");
  }

  @Test
  void aSourceBranchCannotAddAKeyOrLoosenTheRules() throws Exception {
    String head = scenario.pullRequest(BRANCH)
        .write(RegistryLayout.KEYS_FOLDER + "mine.asc", keys.other().publicKey())
        .write(NS + "manifests/latest/README.md", manifest("other-signed.sif", null))
        .commit();
    VerifyReport report = verify(head, true);
    assertRejected(report, ".skiff/keys/mine.asc", "adds a file outside any namespace; .skiff/ holds the registry's"
        + " rules and the keys that may sign its images");
    // The key it brings is not used for its own image either: keys are read from the base.
    assertRejected(report, NS + "manifests/latest/README.md", "does not bind to myorg/centos");
  }

  @Test
  void aRegistryWithoutKeysOrRequirementTakesUnsignedImages() throws Exception {
    scenario.onMain().write(RegistryRules.FILE, RegistryScenario.LOOPBACK_BLOBS)
        .delete(RegistryLayout.KEYS_FOLDER + "ci.asc").delete(RegistryLayout.KEYS_FOLDER + "mallory.asc")
        .delete(RegistryLayout.KEYS_FOLDER + "old.asc").commit();
    VerifyReport report = verify(pullRequest("latest", "unsigned.sif", null), true);
    assertPassed(report);
    assertThat(report.findings()).noneMatch(f -> f.check().equals(SignaturePolicy.CHECK));
  }

  @Test
  void aKeyFileThatIsNoKeyNamesItself() throws Exception {
    scenario.onMain().write(RegistryLayout.KEYS_FOLDER + "broken.asc", "not a key").commit();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> verify(pullRequest("latest", "signed.sif", null), true))
        .hasMessageContaining("registry key .skiff/keys/broken.asc: holds no public key");
  }
}
