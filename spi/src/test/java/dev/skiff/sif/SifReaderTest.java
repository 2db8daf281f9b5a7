package dev.skiff.sif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.testing.Tools;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads files that siftool made, and refuses what a runtime could not run. */
class SifReaderTest {
  @TempDir
  Path dir;

  Path squashfs;

  @BeforeEach
  void packARootFileSystem() throws Exception {
    Files.createDirectories(dir.resolve("rootfs/bin"));
    Files.writeString(dir.resolve("rootfs/bin/tool"), "#!/bin/sh\n");
    squashfs = dir.resolve("rootfs.sqfs");
    Tools.ok(dir, "mksquashfs", "rootfs", squashfs.toString(), "-noappend", "-no-progress", "-quiet");
  }

  private Path siftoolImage(boolean withPrimary) throws Exception {
    Path image = dir.resolve("made.sif");
    Files.deleteIfExists(image);
    Files.writeString(dir.resolve("Singularity"), "Bootstrap: scratch\n");
    Tools.ok(dir, "siftool", "new", image.toString());
    Tools.ok(dir, "siftool", "add", image.toString(), "Singularity", "--datatype", "1");
    Tools.ok(dir, "siftool", "add", image.toString(), squashfs.toString(), "--datatype", "4", "--parttype",
        withPrimary ? "2" : "3", "--partfs", "1", "--partarch", "4");
    return image;
  }

  @Test
  void readsAnImageSiftoolMade() throws Exception {
    SifFile file = SifFile.read(siftoolImage(true));
    assertThat(file.objects()).extracting(SifObject::type)
        .containsExactly(SifDataType.DEFINITION_FILE, SifDataType.PARTITION);
    assertThat(file.definition()).contains("Bootstrap: scratch\n");
    SifObject primary = file.primaryPartition();
    assertThat(primary.partition().orElseThrow().arch()).isEqualTo(SifArch.ARM64);
    assertThat(primary.size()).isEqualTo(Files.size(squashfs));
    assertThat(file.arch()).isEqualTo(SifArch.ARM64);
  }

  @Test
  void refusesAnImageWithoutPrimaryPartition() throws Exception {
    Path image = siftoolImage(false);
    assertThatThrownBy(() -> SifFile.read(image)).isInstanceOf(SifFormatException.class)
        .hasMessage(image + ": not a valid SIF image: no primary system partition");
  }

  @Test
  void refusesAFileThatIsNotASif() throws Exception {
    Path text = dir.resolve("notes.sif");
    Files.writeString(text, "x".repeat(4096));
    assertThatThrownBy(() -> SifFile.read(text)).hasMessage(text + ": not a valid SIF image: no SIF_MAGIC at offset 32");
  }

  @Test
  void refusesATinyFile() throws Exception {
    Path tiny = dir.resolve("tiny.sif");
    Files.write(tiny, new byte[100]);
    assertThatThrownBy(() -> SifFile.read(tiny)).hasMessageContaining("only 100 bytes");
  }

  @Test
  void refusesATruncatedImage() throws Exception {
    Path image = siftoolImage(true);
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.setLength(file.length() - 100);
    }
    assertThatThrownBy(() -> SifFile.read(image)).hasMessageContaining("lies outside the file");
  }

  @Test
  void refusesAPartitionThatIsNotSquashfs() throws Exception {
    Path image = siftoolImage(true);
    SifObject primary = SifFile.read(image).primaryPartition();
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.seek(primary.offset());
      file.write(new byte[] {'n', 'o', 'p', 'e'});
    }
    assertThatThrownBy(() -> SifFile.read(image)).hasMessageContaining("is not squashfs (no hsqs magic)");
  }

  @Test
  void refusesAWrongVersion() throws Exception {
    Path image = siftoolImage(true);
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.seek(42);
      file.write(new byte[] {'0', '9'});
    }
    assertThatThrownBy(() -> SifFile.read(image)).hasMessageContaining("unsupported version '09'");
  }
}
