package dev.skiff.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.skiff.sif.SifDataType;
import dev.skiff.sif.SifFile;
import dev.skiff.sif.SifFormatException;
import dev.skiff.sif.SifObject;
import dev.skiff.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The signature checker over images an attacker made from a signed one: bytes changed anywhere
 * (header, descriptors, partition, the signature's own text). It never throws but for a file that
 * is no SIF image, says each problem in one line, and calls an image validly signed only when
 * every object's bytes are the signed ones. The key is a test key kept with the tests, so a
 * finding replays; {@code .ci/fuzz} fuzzes it for a bounded number of inputs.
 */
class SifSignatureCheckerFuzzTest {
  private static final Instant TIME = Instant.parse("2026-11-30T12:00:00Z");
  private static final Path DIR = scratchDir();
  private static final byte[] SIGNED = signedImage();
  private static final SifSignatureChecker CHECKER = new SifSignatureChecker(publicKeys(), TIME);

  @FuzzTest(maxDuration = "2m")
  void tamperedImagesAreCheckedOrRefused(FuzzedDataProvider data) throws IOException, SifFormatException {
    byte[] image = SIGNED.clone();
    SifObject signature = objects(SIGNED, "signed").stream().filter(o -> o.type() == SifDataType.SIGNATURE)
        .findFirst().orElseThrow();
    if (data.consumeBoolean()) {
      byte[] text = data.consumeBytes((int) signature.size());
      System.arraycopy(text, 0, image, (int) signature.offset(), text.length);
    }
    int edits = data.consumeInt(0, 8);
    for (int i = 0; i < edits; i++) {
      image[data.consumeInt(0, image.length - 1)] = data.consumeByte();
    }
    Path file = Files.write(DIR.resolve("fuzzed.sif"), image);
    ImageSignatures result;
    try {
      result = CHECKER.check(file);
    } catch (SifFormatException refused) {
      assertThat(refused.getMessage()).doesNotContain("\n");
      return;
    }
    assertThat(result.problems()).allSatisfy(p -> assertThat(p).doesNotContain("\n").doesNotContain("\r"));
    if (result.valid()) {
      // Only what no signature covers may have changed: every object's data is the signed data.
      SifFile fuzzed = SifFile.read(file);
      for (SifObject object : fuzzed.objects()) {
        if (object.type() != SifDataType.SIGNATURE) {
          assertThat(fuzzed.read(object)).as("object " + object.id()).isEqualTo(dataOf(SIGNED, object.id()));
        }
      }
    }
  }

  private static byte[] dataOf(byte[] image, int id) {
    try {
      Path file = Files.write(DIR.resolve("original.sif"), image);
      SifFile sif = SifFile.read(file);
      return sif.read(sif.objects().stream().filter(o -> o.id() == id).findFirst().orElseThrow());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SifFormatException e) {
      throw new AssertionError(e);
    }
  }

  private static java.util.List<SifObject> objects(byte[] image, String name) {
    try {
      return SifFile.read(Files.write(DIR.resolve(name + ".sif"), image)).objects();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SifFormatException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] signedImage() {
    try {
      Path image = DIR.resolve("base.sif");
      TestImages.sif(image, "Bootstrap: scratch\n%labels\n  fuzz yes\n", 2);
      SifSigner.sign(image, SigningKey.read(resource("fuzz-key-secret.asc"), new char[0], TIME), TIME);
      return Files.readAllBytes(image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (dev.skiff.spi.SkiffException e) {
      throw new AssertionError(e);
    }
  }

  private static PublicKeys publicKeys() {
    try {
      return PublicKeys.read(Map.of("fuzz-key-public.asc", resource("fuzz-key-public.asc")));
    } catch (SigningException e) {
      throw new AssertionError(e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = SifSignatureCheckerFuzzTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path scratchDir() {
    try {
      Path dir = Files.createTempDirectory("skiff-fuzz-signing-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
