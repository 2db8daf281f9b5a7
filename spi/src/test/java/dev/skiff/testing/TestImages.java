package dev.skiff.testing;

import dev.skiff.sif.SifArch;
import dev.skiff.sif.SifWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Small SIF images for tests that need a valid image but not a real root file system: the core
 * writer around a squashfs superblock ({@code hsqs}, gzip) of {@code blocks} 4 KiB blocks.
 */
public final class TestImages {
  private TestImages() {}

  /**
   * Writes {@code size} pseudo-random bytes to {@code file} (a blob as large as a test needs, which
   * no store can compress away); the same seed gives the same bytes.
   */
  public static Path randomBlob(Path file, long size, long seed) throws IOException {
    java.util.Random random = new java.util.Random(seed);
    byte[] buffer = new byte[1 << 20];
    try (java.io.OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= buffer.length) {
        random.nextBytes(buffer);
        out.write(buffer, 0, (int) Math.min(buffer.length, left));
      }
    }
    return file;
  }

  /** Writes the image to {@code file} and returns its bytes; the same arguments give the same bytes. */
  public static byte[] sif(Path file, String definition, int blocks) throws IOException {
    byte[] squashfs = new byte[4096 * blocks];
    squashfs[0] = 'h';
    squashfs[1] = 's';
    squashfs[2] = 'q';
    squashfs[3] = 's';
    squashfs[20] = 1; // gzip
    Path partition = Files.write(file.resolveSibling(file.getFileName() + ".squashfs"), squashfs);
    SifWriter.create(Optional.of(Instant.EPOCH)).definition(definition).primaryPartition(partition, SifArch.AMD64)
        .write(file);
    Files.delete(partition);
    return Files.readAllBytes(file);
  }
}
