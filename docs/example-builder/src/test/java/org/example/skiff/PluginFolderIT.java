package org.example.skiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testing.Tools;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder guide's promise: this builder, as a jar dropped into the release archive's plugins/
 * folder, is found by skiff and builds images, in a class loader that sees only skiff-spi and the
 * JDK beside its own jar.
 */
class PluginFolderIT {
  static final Path ARCHIVE = Path.of(System.getProperty("skiff.archive", "skiff.tar.gz"));

  @TempDir
  Path work;

  @Test
  void aJarDroppedIntoPluginsIsFoundAndBuilds() throws Exception {
    Tools.ok(work, "tar", "xzf", ARCHIVE.toString(), "-C", work.toString());
    Path home;
    try (Stream<Path> top = Files.list(work)) {
      home = top.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    jar(Path.of("target/classes"), home.resolve("plugins/example-lab.jar"));
    Path skiff = home.resolve("bin/skiff");

    String config = Tools.ok(work, skiff.toString(), "config");
    assertThat(config).containsPattern("\\n  squashfs +Bootstrap: squashfs recipes").contains("builder.squashfs.token");

    Path repo = Files.createDirectories(work.resolve("repo"));
    Files.createDirectories(repo.resolve("tree/bin"));
    Files.writeString(repo.resolve("tree/bin/hello"), "#!/bin/sh\necho hello\n");
    Tools.ok(repo, "mksquashfs", "tree", repo.resolve("rootfs.sqfs").toString(), "-noappend", "-quiet", "-no-progress");
    Files.writeString(repo.resolve("Singularity"), "Bootstrap: squashfs\nFrom: rootfs.sqfs\n");
    String run = Tools.ok(work, skiff.toString(), "run", repo.toString(), "--builder", "squashfs", "--namespace",
        "lab/tree", "--storage", work.resolve("storage").toUri().toString());
    assertThat(run).contains("lab/tree: 1 built (1 uploaded), 0 skipped, 0 failed");
  }

  /** The plugin as a team ships it: its classes and its service file in one jar. */
  private static void jar(Path classes, Path jar) throws Exception {
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> paths = Files.walk(classes)) {
      for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, out);
        out.closeEntry();
      }
    }
  }
}
