package dev.skiff.sif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the writer's files with siftool, the reference implementation's own tool. */
class SifWriterTest {
  private static final Instant SOURCE_DATE = Instant.ofEpochSecond(1_700_000_000L);
  private static final String RECIPE = "Bootstrap: scratch\n%runscript\n  echo hi\n";

  @TempDir
  Path dir;

  Path squashfs;

  @BeforeEach
  void packARootFileSystem() throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs/etc"));
    Files.writeString(rootfs.resolve("hello.txt"), "hello\n");
    squashfs = dir.resolve("rootfs.sqfs");
    Tools.ok(dir, "mksquashfs", dir.resolve("rootfs").toString(), squashfs.toString(), "-noappend", "-all-root",
        "-no-progress", "-quiet");
  }

  private Path write(String name, Optional<Instant> time) throws Exception {
    Path image = dir.resolve(name);
    SifWriter.create(time)
        .definition(RECIPE)
        .json("inspect-metadata.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8))
        .primaryPartition(squashfs, SifArch.AMD64)
        .write(image);
    return image;
  }

  @Test
  void siftoolListsTheObjectsWhereTheFormatPutsThem() throws Exception {
    Path image = write("a.sif", Optional.of(SOURCE_DATE));
    String list = Tools.ok(dir, "siftool", "list", image.toString());
    long partitionStart = 32768; // 32176 + 40 bytes of definition + 7 of JSON, aligned up to 4096
    assertThat(list)
        .contains("1    |1       |NONE    |32176-32216               |Def.FILE")
        .contains("2    |1       |NONE    |32216-32223               |JSON.Generic")
        .contains("3    |1       |NONE    |" + partitionStart + "-" + (partitionStart + Files.size(squashfs)))
        .contains("FS (Squashfs/*System/amd64)");
    String info = Tools.ok(dir, "siftool", "info", "3", image.toString());
    assertThat(info).contains("Partition Type:   *System").contains("Filesystem Type:  Squashfs")
        .contains("Architecture:     amd64").contains("Group ID:         1");
    String header = Tools.ok(dir, "siftool", "header", image.toString());
    assertThat(header).contains("Primary Architecture: amd64").contains("Descriptors Free:     45").contains("Data Offset:          32176")
        .contains("2023-11-14 22:13:20 +0000 UTC");
    assertThat(Tools.ok(dir, "siftool", "dump", "1", image.toString())).isEqualTo(RECIPE);
  }

  @Test
  void aFixedTimeGivesTheSameBytesEveryTime() throws Exception {
    byte[] first = Files.readAllBytes(write("a.sif", Optional.of(SOURCE_DATE)));
    byte[] second = Files.readAllBytes(write("b.sif", Optional.of(SOURCE_DATE)));
    assertThat(second).isEqualTo(first);
    SifFile file = SifFile.read(dir.resolve("a.sif"));
    assertThat(file.uuid()).isEqualTo(new UUID(0, 0));
    assertThat(file.created()).isEqualTo(SOURCE_DATE);
  }

  @Test
  void withoutAFixedTimeTheImageGetsARandomUuid() throws Exception {
    SifFile file = SifFile.read(write("a.sif", Optional.empty()));
    assertThat(file.uuid()).isNotEqualTo(new UUID(0, 0));
  }

  @Test
  void theReaderReadsBackWhatTheWriterWrote() throws Exception {
    SifFile file = SifFile.read(write("a.sif", Optional.of(SOURCE_DATE)));
    assertThat(file.arch()).isEqualTo(SifArch.AMD64);
    assertThat(file.definition()).contains(RECIPE);
    assertThat(file.jsonObjects()).containsExactly("{\"a\":1}");
    SifObject primary = file.primaryPartition();
    assertThat(primary.size()).isEqualTo(Files.size(squashfs));
    assertThat(primary.offset() % 4096).isZero();
    assertThat(file.objects()).extracting(SifObject::name).contains("inspect-metadata.json");
    // The partition holds the squashfs image byte for byte.
    Path extracted = dir.resolve("extracted");
    Tools.ok(dir, "unsquashfs", "-d", extracted.toString(), "-o", Long.toString(primary.offset()),
        dir.resolve("a.sif").toString());
    assertThat(extracted.resolve("etc/hello.txt")).hasContent("hello");
  }
}
