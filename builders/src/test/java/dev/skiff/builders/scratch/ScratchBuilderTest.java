package dev.skiff.builders.scratch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.model.Digest;
import dev.skiff.model.RecipeException;
import dev.skiff.sif.SifFile;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.SkiffException;
import dev.skiff.testing.BuilderHarness;
import dev.skiff.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchBuilderTest {
  private static final String RECIPE = """
      Bootstrap: scratch

      %files
          app/run.sh /opt/app/run.sh
          app/data
          notes.txt /etc/

      %labels
          Maintainer lab

      %environment
          export APP_HOME=/opt/app

      %runscript
          exec /opt/app/run.sh "$@"

      %help
          Runs the app.
      """;

  @TempDir
  Path repo;

  @TempDir
  Path work;

  BuilderHarness harness;
  Builder builder;

  @BeforeEach
  void setUp() throws Exception {
    harness = new BuilderHarness(new ScratchBuilderFactory(), repo, work);
    harness.write("tools/Singularity", RECIPE);
    Files.setPosixFilePermissions(harness.write("tools/app/run.sh", "#!/bin/sh\necho run\n"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    harness.write("tools/app/data/a.txt", "a\n");
    harness.write("tools/notes.txt", "notes\n");
    builder = harness.builder(Map.of(), System.getenv());
  }

  private Path image(BuildResult result) {
    return ((BuildResult.LocalImage) result).file();
  }

  @Test
  void buildsAValidImageThatSiftoolAccepts() throws Exception {
    Path image = image(harness.build(builder, "tools/Singularity"));
    SifFile sif = SifFile.read(image);
    assertThat(sif.definition()).contains(RECIPE);
    assertThat(sif.jsonObjects()).singleElement().asString().contains("\"Maintainer\" : \"lab\"");
    assertThat(Tools.ok(work, "siftool", "list", image.toString())).contains("Def.FILE", "JSON.Generic",
        "FS (Squashfs/*System/");
  }

  @Test
  void theRootFileSystemHoldsTheFilesAndWhatApptainerReads() throws Exception {
    Path image = image(harness.build(builder, "tools/Singularity"));
    Path out = work.resolve("unpacked");
    Tools.ok(work, "unsquashfs", "-d", out.toString(), "-o",
        Long.toString(SifFile.read(image).primaryPartition().offset()), image.toString());
    assertThat(out.resolve("opt/app/run.sh")).hasContent("#!/bin/sh\necho run");
    assertThat(Files.getPosixFilePermissions(out.resolve("opt/app/run.sh")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(out.resolve("app/data/a.txt")).hasContent("a");
    assertThat(out.resolve("etc/notes.txt")).hasContent("notes");
    assertThat(out.resolve(".singularity.d/runscript")).content().contains("exec /opt/app/run.sh \"$@\"");
    assertThat(out.resolve(".singularity.d/env/90-environment.sh")).content().contains("export APP_HOME=/opt/app");
    assertThat(out.resolve(".singularity.d/labels.json")).content().contains("\"Maintainer\" : \"lab\"")
        .contains("\"org.label-schema.build-date\" : \"2023-11-14T22:13:20Z\"");
    assertThat(out.resolve(".singularity.d/runscript.help")).content().contains("Runs the app.");
    assertThat(out.resolve(".singularity.d/Singularity")).hasContent(RECIPE.strip());
    assertThat(out.resolve("proc")).isDirectory();
  }

  @Test
  void theSameInputsGiveTheSameDigest() throws Exception {
    Digest first = Digest.sha256(image(harness.build(builder, "tools/Singularity")));
    Files.setLastModifiedTime(repo.resolve("tools/notes.txt"), java.nio.file.attribute.FileTime.fromMillis(0));
    Digest second = Digest.sha256(image(harness.build(builder, "tools/Singularity")));
    assertThat(second).isEqualTo(first);
  }

  @Test
  void otherBootstrapAgentsNameTheBuilderThatCanBuildThem() throws Exception {
    harness.write("Singularity.centos", "Bootstrap: docker\nFrom: centos:7\n");
    assertThatThrownBy(() -> harness.build(builder, "Singularity.centos")).isInstanceOf(RecipeException.class)
        .hasMessage("Singularity.centos:1: 'Bootstrap: docker' needs a container runtime; the 'scratch' builder"
            + " builds only 'Bootstrap: scratch' recipes: use builder 'singularity'");
  }

  @Test
  void sectionsThatRunCommandsAreRefusedWithTheirLine() throws Exception {
    harness.write("Singularity.post", "Bootstrap: scratch\n\n%post\n  echo hi\n");
    assertThatThrownBy(() -> harness.build(builder, "Singularity.post"))
        .hasMessageStartingWith("Singularity.post:3: %post runs commands");
  }

  @Test
  void aMissingFilesSourceFailsWithItsLine() throws Exception {
    harness.write("Singularity.missing", "Bootstrap: scratch\n%files\n  nothing.txt /x\n");
    assertThatThrownBy(() -> harness.build(builder, "Singularity.missing"))
        .hasMessage("Singularity.missing:3: %files source 'nothing.txt' does not exist (looked for nothing.txt)");
  }

  @Test
  void aFilesSourceOutsideTheRepositoryIsRefused() throws Exception {
    harness.write("tools/Singularity.escape", "Bootstrap: scratch\n%files\n  ../../etc/passwd /etc/passwd\n");
    assertThatThrownBy(() -> harness.build(builder, "tools/Singularity.escape"))
        .hasMessage("tools/Singularity.escape:3: %files source '../../etc/passwd' lies outside the repository");
  }

  @Test
  void aFilesSymlinkLeadingOutsideTheRepositoryIsRefused() throws Exception {
    Files.createSymbolicLink(repo.resolve("passwd"), Path.of("/etc/passwd"));
    harness.write("Singularity.link", "Bootstrap: scratch\n%files\n  passwd /etc/passwd\n");
    assertThatThrownBy(() -> harness.build(builder, "Singularity.link"))
        .hasMessage("Singularity.link:3: %files source 'passwd' is a symbolic link leading outside the repository");
  }

  @Test
  void aDestinationOutsideTheImageIsRefused() throws Exception {
    harness.write("Singularity.dest", "Bootstrap: scratch\n%files\n  tools/notes.txt /../../x\n");
    assertThatThrownBy(() -> harness.build(builder, "Singularity.dest"))
        .hasMessageContaining("%files destination '/../../x' lies outside the image");
  }

  @Test
  void aCopiedLinkIsNeverWrittenThrough() throws Exception {
    Path outside = Files.createDirectories(work.resolve("outside-root"));
    Files.createDirectories(repo.resolve("payload/opt"));
    Files.createSymbolicLink(repo.resolve("payload/opt/keys"), outside);
    harness.write("key", "ssh-ed25519 AAAA attacker\n");
    harness.write("Singularity.escape", "Bootstrap: scratch\n%files\n  payload /\n  key /opt/keys/authorized_keys\n");
    assertThatThrownBy(() -> harness.build(builder, "Singularity.escape")).isInstanceOf(RecipeException.class)
        .hasMessage("Singularity.escape:4: %files 'key': /opt/keys in the image is a symbolic link; Skiff does not"
            + " write through links");
    try (var left = Files.list(outside)) {
      assertThat(left).as("files written outside the image").isEmpty();
    }
  }

  @Test
  void aLinkMayNotReplaceAFolderOfTheImage() throws Exception {
    Path outside = Files.createDirectories(work.resolve("real-root"));
    Files.createDirectories(repo.resolve("payload"));
    Files.createSymbolicLink(repo.resolve("payload/root"), outside);
    harness.write("Singularity.skeleton", "Bootstrap: scratch\n%files\n  payload /\n");
    assertThatThrownBy(() -> harness.build(builder, "Singularity.skeleton")).isInstanceOf(RecipeException.class)
        .hasMessage("Singularity.skeleton:3: %files 'payload': root is a symbolic link, and would replace the folder"
            + " /root of the image");
    try (var left = Files.list(outside)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aFifoIsRefusedInsteadOfBlockingTheBuild() throws Exception {
    Files.createDirectories(repo.resolve("pipes"));
    Tools.ok(repo, "mkfifo", "pipes/fifo");
    harness.write("Singularity.fifo", "Bootstrap: scratch\n%files\n  pipes/fifo /fifo\n  pipes /p\n");
    assertThatThrownBy(() -> harness.build(builder, "Singularity.fifo")).isInstanceOf(RecipeException.class)
        .hasMessage("Singularity.fifo:3: %files source 'pipes/fifo' is not a regular file or a folder");
    harness.write("Singularity.fifos", "Bootstrap: scratch\n%files\n  pipes /p\n");
    assertThatThrownBy(() -> harness.build(builder, "Singularity.fifos")).isInstanceOf(RecipeException.class)
        .hasMessage("Singularity.fifos:3: %files 'pipes': fifo is not a regular file, a folder or a link");
  }

  @Test
  void linksInsideTheImageAreKeptAsLinks() throws Exception {
    harness.write("payload/usr/lib/libx.so", "x\n");
    Files.createSymbolicLink(repo.resolve("payload/lib"), Path.of("usr/lib"));
    harness.write("Singularity.links", "Bootstrap: scratch\n%files\n  payload /\n");
    Path image = image(harness.build(builder, "Singularity.links"));
    Path out = work.resolve("unpacked-links");
    Tools.ok(work, "unsquashfs", "-d", out.toString(), "-o",
        Long.toString(SifFile.read(image).primaryPartition().offset()), image.toString());
    assertThat(Files.readSymbolicLink(out.resolve("lib"))).isEqualTo(Path.of("usr/lib"));
    assertThat(out.resolve("usr/lib/libx.so")).hasContent("x");
  }

  @Test
  void theTimeoutCoversCopyingFilesAndStopsBetweenThem() throws Exception {
    for (int i = 0; i < 50; i++) {
      harness.write("many/file-" + i, "x\n");
    }
    harness.write("Singularity.many", "Bootstrap: scratch\n%files\n  many /many\n");
    // A clock that moves a second each time it is read: the build's ten seconds are up mid-copy.
    AtomicLong nanos = new AtomicLong();
    LongSupplier clock = () -> nanos.addAndGet(1_000_000_000L);
    Path mksquashfs = Path.of(Tools.ok(work, "sh", "-c", "command -v mksquashfs").strip());
    Builder slow = new ScratchBuilder(new SquashfsPacker(mksquashfs, "gzip", System.getenv()), Duration.ofSeconds(10), clock);

    assertThatThrownBy(() -> harness.build(slow, "Singularity.many")).isInstanceOf(SkiffException.class)
        .hasMessage("Singularity.many: the scratch build did not finish within PT10S; it was stopped"
            + " (raise builder.scratch.timeout)");
    try (var copied = Files.walk(work)) {
      assertThat(copied.filter(p -> p.getFileName().toString().startsWith("file-")).count()).isBetween(1L, 10L);
    }
    try (var images = Files.walk(work)) {
      assertThat(images.filter(p -> p.getFileName().toString().endsWith(".sif") || p.toString().endsWith(".squashfs")))
          .isEmpty();
    }
  }

  @Test
  void aMissingMksquashfsSaysWhatToInstall() {
    assertThatThrownBy(() -> harness.builder(Map.of(), Map.of("PATH", "/nonexistent")))
        .isInstanceOf(SkiffException.class)
        .hasMessage("builder 'scratch' needs mksquashfs, and 'mksquashfs' is not installed: install squashfs-tools"
            + " (apt-get install squashfs-tools) or set builder.scratch.mksquashfs");
  }
}
