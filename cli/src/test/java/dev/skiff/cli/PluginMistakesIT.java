package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.cli.SkiffCliIT.Result;
import dev.skiff.cli.plugins.BrokenPlugin;
import dev.skiff.cli.plugins.CrashingPlugin;
import dev.skiff.cli.plugins.LabPlugin;
import dev.skiff.spi.SkiffPlugin;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mistakes a team makes with a plugin folder, from the command line: each is told in a line
 * that names the jar, and a broken plugin fails only the commands that need it.
 */
class PluginMistakesIT {
  @TempDir
  Path work;

  Path plugins;
  Path source;

  @BeforeEach
  void folders() throws Exception {
    plugins = Files.createDirectories(work.resolve("plugins"));
    source = Files.createDirectories(work.resolve("source"));
    Files.writeString(source.resolve("Singularity"), "Bootstrap: scratch\n");
  }

  private Result skiff(String... args) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("SKIFF_PLUGINS", plugins.toString());
    return SkiffCliIT.skiff(environment, args);
  }

  @Test
  void aJarWithoutAServiceFileIsNamedNotIgnoredSilently() throws Exception {
    jar(plugins.resolve("lab.jar"), LabPlugin.class, false);

    Result config = skiff("config");
    assertThat(config.exitCode()).isZero();
    assertThat(config.err()).contains("warning: " + plugins.resolve("lab.jar")
        + ": holds no Skiff plugin (no META-INF/services/dev.skiff.spi.SkiffPlugin names one); it is ignored");
    assertThat(config.out()).doesNotContain("the lab's cluster");
  }

  @Test
  void aMistypedPluginFolderFails() {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("SKIFF_PLUGINS", work.resolve("plugns").toString());
    Result config = SkiffCliIT.skiff(environment, "config");
    assertThat(config.exitCode()).isEqualTo(1);
    assertThat(config.errorLines()).containsExactly("error: plugin folder " + work.resolve("plugns") + ": no such folder");
  }

  @Test
  void aBrokenPluginFailsOnlyTheCommandsThatNeedIt() throws Exception {
    jar(plugins.resolve("broken.jar"), BrokenPlugin.class, true);
    String warning = "warning: " + plugins.resolve("broken.jar") + ": its plugin cannot be loaded: "
        + BrokenPlugin.class.getName() + ": IllegalStateException: no licence server at licence.lab.example;"
        + " only what needs it fails";

    Result config = skiff("config");
    assertThat(config.exitCode()).isZero();
    assertThat(config.err().lines()).containsExactly(warning);
    assertThat(config.out()).contains("scratch");

    Result scratch = skiff("run", source.toString(), "--builder", "scratch", "--namespace", "lab/hello",
        "--storage", work.resolve("storage").toUri().toString());
    assertThat(scratch.exitCode()).as(scratch.err()).isZero();
    assertThat(scratch.err()).contains(warning);

    Result lab = skiff("run", source.toString(), "--builder", "lab", "--namespace", "lab/hello",
        "--storage", work.resolve("storage").toUri().toString());
    assertThat(lab.exitCode()).isEqualTo(1);
    assertThat(lab.errorLines()).singleElement().asString()
        .startsWith("error: unknown builder 'lab'; known builders: ")
        .endsWith("; the plugin in " + plugins.resolve("broken.jar") + " could not be loaded ("
            + BrokenPlugin.class.getName() + ": IllegalStateException: no licence server at licence.lab.example)"
            + " and may be the one that provides it");
  }

  @Test
  void aPluginGivenTwiceNamesBothJars() throws Exception {
    jar(plugins.resolve("lab-1.0.jar"), LabPlugin.class, true);
    jar(plugins.resolve("lab-1.1.jar"), LabPlugin.class, true);

    Result config = skiff("config");
    assertThat(config.exitCode()).isEqualTo(1);
    String plugin = "plugin 'lab' (" + LabPlugin.class.getName() + ") in ";
    assertThat(config.errorLines()).containsExactly("error: builder 'lab' is provided twice: by " + plugin
        + plugins.resolve("lab-1.0.jar") + " and by " + plugin + plugins.resolve("lab-1.1.jar") + "; remove one of them");
  }

  @Test
  void aPluginThatCrashesIsNamedWithItsJar() throws Exception {
    jar(plugins.resolve("crashing.jar"), CrashingPlugin.class, true);
    Result run = skiff("run", source.toString(), "--builder", "crash", "--namespace", "lab/hello",
        "--storage", work.resolve("storage").toUri().toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errorLines()).containsExactly("error: builder 'crash' crashed starting: IllegalStateException:"
        + " field 'cluster' was never set (the plugin in " + plugins.resolve("crashing.jar") + ")"
        + " (run with --verbose for the stack trace)");
  }

  /**
   * A plugin jar as a team ships it: the plugin's classes (its nested ones too) and, unless
   * forgotten, the service file that names it.
   */
  private static void jar(Path jar, Class<? extends SkiffPlugin> plugin, boolean withServiceFile) throws Exception {
    Path classes = Path.of(plugin.getProtectionDomain().getCodeSource().getLocation().toURI());
    String folder = plugin.getPackageName().replace('.', '/');
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> own = Files.list(classes.resolve(folder))) {
      for (Path path : own.filter(p -> p.getFileName().toString().startsWith(plugin.getSimpleName())).sorted().toList()) {
        out.putNextEntry(new JarEntry(folder + "/" + path.getFileName()));
        Files.copy(path, out);
        out.closeEntry();
      }
      if (withServiceFile) {
        out.putNextEntry(new JarEntry("META-INF/services/" + SkiffPlugin.class.getName()));
        out.write((plugin.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
  }
}
