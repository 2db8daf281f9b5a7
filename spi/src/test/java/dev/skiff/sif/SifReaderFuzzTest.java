package dev.skiff.sif;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The SIF reader over any bytes a download or a build may produce: it reads an image whose
 * objects lie inside the file, or refuses with a {@link SifFormatException} naming the file;
 * nothing else escapes, and nothing it returns points outside the file. Runs the checked-in corpus
 * (a valid image among them) in every build; {@code .ci/fuzz} fuzzes it for a bounded time.
 */
class SifReaderFuzzTest {
  private static final Path FILE = scratchFile();

  @FuzzTest(maxDuration = "2m")
  void readsOrRefusesAndStaysInsideTheFile(byte[] input) throws IOException {
    Files.write(FILE, input);
    SifFile sif;
    try {
      sif = SifFile.read(FILE);
    } catch (SifFormatException refused) {
      assertThat(refused.getMessage()).startsWith(FILE.toString()).doesNotContain("\n");
      return;
    }
    for (SifObject object : sif.objects()) {
      assertThat(object.offset()).isNotNegative();
      assertThat(object.offset() + object.size()).isLessThanOrEqualTo(input.length);
    }
    assertThat(sif.primaryPartition()).isIn(sif.objects());
    sif.definition();
    sif.jsonObjects();
  }

  private static Path scratchFile() {
    try {
      Path file = Files.createTempFile("skiff-fuzz-", ".sif");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
