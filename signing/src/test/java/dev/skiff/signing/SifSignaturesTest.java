package dev.skiff.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.sif.SifFile;
import dev.skiff.sif.SifIntegrity;
import dev.skiff.sif.SifObject;
import dev.skiff.signing.testing.SylabsSif;
import dev.skiff.signing.testing.TestKeys;
import dev.skiff.testing.TestImages;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Skiff's signatures judged by the sylabs/sif library (the code of {@code apptainer verify}), and
 * that library's signatures judged by Skiff, with the hostile cases both must refuse.
 */
class SifSignaturesTest {
  private static final Instant IMAGE_DATE = Instant.parse("2026-11-30T12:00:00Z");
  private static TestKeys keys;

  @TempDir Path dir;

  @BeforeAll
  static void makeKeys() throws Exception {
    keys = TestKeys.get();
  }

  private Path image(String name) throws Exception {
    Path image = dir.resolve(name);
    TestImages.sif(image, "Bootstrap: scratch\n%labels\n  lab skiff\n", 3);
    return image;
  }

  private static SigningKey signingKey(TestKeys.Key key) throws Exception {
    return SigningKey.read(key.secretKey(), new char[0], Instant.now());
  }

  private static PublicKeys publicKeys(TestKeys.Key... trusted) throws Exception {
    Map<String, String> armored = new java.util.LinkedHashMap<>();
    for (TestKeys.Key key : trusted) {
      armored.put(key.fingerprint() + ".asc", key.publicKey());
    }
    return PublicKeys.read(armored);
  }

  private static ImageSignatures check(Path image, TestKeys.Key... trusted) throws Exception {
    return new SifSignatureChecker(publicKeys(trusted), Instant.now()).check(image);
  }

  @Test
  void anImageSkiffSignedVerifiesWithTheSylabsLibrary() throws Exception {
    for (TestKeys.Key key : List.of(keys.ci(), keys.rsa())) {
      Path image = image("signed-" + key.fingerprint() + ".sif");
      assertThat(SifSigner.sign(image, signingKey(key), IMAGE_DATE)).isEqualTo(1);

      SylabsSif.Result verified = SylabsSif.verify(key.writePublic(dir, "key.asc"), image);
      assertThat(verified.verified()).as(verified.output()).isTrue();
      assertThat(verified.output()).contains("signer " + key.fingerprint());
      assertThat(check(image, key).signers()).containsExactly(new KeyFingerprint(key.fingerprint()));
      // siftool, the reference tool, reads the signed file and lists the signature, linked to group 1.
      int id = SifFile.read(image).firstOf(dev.skiff.sif.SifDataType.SIGNATURE).orElseThrow().id();
      String listed = dev.skiff.testing.Tools.ok(dir, "siftool", "info", Integer.toString(id), image.toString());
      assertThat(listed).contains("Data Type:    Signature").contains("Linked ID:    1 (G)")
          .contains("Hash Type:    SHA-256").contains("Entity:       " + key.fingerprint());
    }
  }

  @Test
  void theSameImageAndKeyGiveTheSameBytes() throws Exception {
    for (TestKeys.Key key : List.of(keys.ci(), keys.rsa())) {
      Path first = image("first.sif");
      Path second = image("second.sif");
      SifSigner.sign(first, signingKey(key), IMAGE_DATE);
      SifSigner.sign(second, signingKey(key), IMAGE_DATE);
      assertThat(Files.readAllBytes(first)).as(key.fingerprint()).isEqualTo(Files.readAllBytes(second));
    }
  }

  @Test
  void anImageTheSylabsLibrarySignedVerifiesInSkiff() throws Exception {
    Path image = image("go-signed.sif");
    SylabsSif.sign(keys.ci().writeSecret(dir, "ci.key"), image, IMAGE_DATE.getEpochSecond());

    ImageSignatures result = check(image, keys.ci());
    assertThat(result.valid()).as(result.problems().toString()).isTrue();
    assertThat(result.signatures()).containsExactly(
        new ImageSignatures.Signature(1, new KeyFingerprint(keys.ci().fingerprint()), "Lab CI <ci@lab.example>"));
  }

  @Test
  void anUnsignedImageIsReportedUnsigned() throws Exception {
    Path image = image("unsigned.sif");
    ImageSignatures result = check(image, keys.ci());
    assertThat(result.unsigned()).isTrue();
    assertThat(result.valid()).isFalse();
    assertThat(SylabsSif.verify(keys.ci().writePublic(dir, "ci.asc"), image).output())
        .contains("signature not found for object group 1");
  }

  @Test
  void aFlippedByteInThePartitionIsRefusedByBoth() throws Exception {
    Path image = image("tampered.sif");
    SifSigner.sign(image, signingKey(keys.ci()), IMAGE_DATE);
    SifObject partition = SifFile.read(image).primaryPartition();
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.seek(partition.offset() + 100);
      file.write(file.read() ^ 1);
    }

    assertThat(SylabsSif.verify(keys.ci().writePublic(dir, "ci.asc"), image).verified()).isFalse();
    ImageSignatures result = check(image, keys.ci());
    assertThat(result.valid()).isFalse();
    assertThat(result.problems()).singleElement().asString()
        .contains("object 2 (the system partition) changed after it was signed");
  }

  @Test
  void aSignatureByAnotherKeyIsRefusedByBoth() throws Exception {
    Path image = image("other.sif");
    SifSigner.sign(image, signingKey(keys.other()), IMAGE_DATE);

    assertThat(SylabsSif.verify(keys.ci().writePublic(dir, "ci.asc"), image).verified()).isFalse();
    ImageSignatures result = check(image, keys.ci());
    assertThat(result.valid()).isFalse();
    assertThat(result.problems()).singleElement().asString()
        .contains("is by key ID " + keys.other().fingerprint().substring(24))
        .contains("which is not one of [" + keys.ci().fingerprint() + "]");
  }

  @Test
  void aStrippedSignatureLeavesAnUnsignedImage() throws Exception {
    Path image = image("stripped.sif");
    byte[] unsigned = Files.readAllBytes(image);
    SifSigner.sign(image, signingKey(keys.ci()), IMAGE_DATE);
    SifObject signature = SifFile.read(image).firstOf(dev.skiff.sif.SifDataType.SIGNATURE).orElseThrow();
    // Clear the signature's descriptor's used flag, as a tool that drops the object would.
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.seek(4096 + (long) (signature.id() - 1) * 585 + 4);
      file.write(0);
    }
    assertThat(Files.size(image)).isGreaterThan(unsigned.length);
    assertThat(check(image, keys.ci()).unsigned()).isTrue();
    assertThat(SylabsSif.verify(keys.ci().writePublic(dir, "ci.asc"), image).verified()).isFalse();
  }

  @Test
  void aSignatureOverOnlySomeObjectsIsRefusedByBoth() throws Exception {
    Path image = image("partial.sif");
    SifGroups groups = SifGroups.of(SifFile.read(image));
    ImageMetadata whole = groups.metadata(1, "sha256");
    // Only the definition file: the system partition is left out.
    ImageMetadata partial = new ImageMetadata(whole.header(), List.of(whole.objects().get(0)));
    SigningKey key = signingKey(keys.ci());
    String text = partial.toJson();
    SifIntegrity.appendSignature(image, 1, SifIntegrity.HASH_SHA256, key.fingerprint().bytes(),
        ClearSignedMessage.encode(text, "SHA256", key.sign(ClearSignedMessage.canonical(text), IMAGE_DATE)), IMAGE_DATE);

    assertThat(SylabsSif.verify(keys.ci().writePublic(dir, "ci.asc"), image).verified()).isFalse();
    assertThat(check(image, keys.ci()).problems()).singleElement().asString()
        .contains("does not cover object 2 (the system partition)");
  }

  @Test
  void aDescriptorNamingAnotherSignerIsRefused() throws Exception {
    Path image = image("renamed.sif");
    SifSigner.sign(image, signingKey(keys.ci()), IMAGE_DATE);
    SifObject signature = SifFile.read(image).firstOf(dev.skiff.sif.SifDataType.SIGNATURE).orElseThrow();
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.seek(4096 + (long) (signature.id() - 1) * 585 + 201 + 4);
      file.write(new KeyFingerprint(keys.other().fingerprint()).bytes());
    }
    assertThat(check(image, keys.ci()).problems()).singleElement().asString()
        .contains("but its descriptor names " + keys.other().fingerprint());
    assertThat(SylabsSif.verify(keys.ci().writePublic(dir, "ci.asc"), image).verified()).isFalse();
  }

  @Test
  void expiredAndRevokedKeysNeitherSignNorCount() throws Exception {
    for (TestKeys.Key key : List.of(keys.expired(), keys.revoked())) {
      assertThatThrownBy(() -> signingKey(key)).isInstanceOf(SigningException.class)
          .hasMessageContaining(key.fingerprint())
          .hasMessageContaining(key == keys.expired() ? "expired on 2020-01-02" : "was revoked on");
      Path image = image("old.sif");
      SylabsSif.sign(key.writeSecret(dir, "old.key"), image, IMAGE_DATE.getEpochSecond());
      assertThat(check(image, key).problems()).singleElement().asString()
          .contains(key == keys.expired() ? "expired on 2020-01-02" : "was revoked on");
      Files.delete(image);
    }
  }

  @Test
  void aProtectedKeyNeedsItsPassphrase() throws Exception {
    TestKeys.Key key = keys.protectedKey();
    assertThatThrownBy(() -> SigningKey.read(key.secretKey(), new char[0], Instant.now()))
        .hasMessageContaining("it has a passphrase, and none was given");
    assertThatThrownBy(() -> SigningKey.read(key.secretKey(), "wrong".toCharArray(), Instant.now()))
        .hasMessageContaining("the passphrase is wrong")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong\"").doesNotContain(TestKeys.PASSPHRASE));
    SigningKey unlocked = SigningKey.read(key.secretKey(), TestKeys.PASSPHRASE.toCharArray(), Instant.now());
    assertThat(unlocked.fingerprint().hex()).isEqualTo(key.fingerprint());
    assertThat(unlocked.userId()).isEqualTo("Lab Protected <protected@lab.example>");
  }

  @Test
  void whatIsNotASecretKeyIsRefusedWithoutQuotingIt() throws Exception {
    String publicOnly = keys.ci().publicKey();
    assertThatThrownBy(() -> SigningKey.read(publicOnly, new char[0], Instant.now()))
        .isInstanceOf(SigningException.class)
        .hasMessageContaining("not an ASCII-armored OpenPGP secret key")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("BEGIN"));
    assertThatThrownBy(() -> SigningKey.read("hunter2-not-a-key", new char[0], Instant.now()))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }
}
