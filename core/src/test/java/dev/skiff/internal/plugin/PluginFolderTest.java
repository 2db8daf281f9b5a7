package dev.skiff.internal.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.SkiffPlugin;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each plugin of a folder sees the JDK and skiff-spi, and none of the libraries on Skiff's class path. */
class PluginFolderTest {
  @TempDir
  Path folder;

  @Test
  void eachJarOrFolderOfJarsIsOnePluginThatSeesOnlyTheSpi() throws Exception {
    emptyJar(folder.resolve("one.jar"));
    Files.createDirectories(folder.resolve("two"));
    emptyJar(folder.resolve("two/plugin.jar"));
    emptyJar(folder.resolve("two/library.jar"));
    Files.writeString(folder.resolve("notes.txt"), "not a plugin");

    List<PluginFolder.Entry> entries = PluginFolder.loaders(folder, getClass().getClassLoader());
    assertThat(entries).extracting(PluginFolder.Entry::path).containsExactly(folder.resolve("one.jar"), folder.resolve("two"));
    for (ClassLoader loader : entries.stream().map(PluginFolder.Entry::loader).toList()) {
      assertThat(loader.loadClass(SkiffPlugin.class.getName())).isSameAs(SkiffPlugin.class);
      assertThat(loader.loadClass("java.net.http.HttpClient")).isNotNull();
      // On Skiff's class path, but not the plugin's business: Guice, Jackson, Skiff's core.
      assertThatThrownBy(() -> loader.loadClass("com.google.inject.Guice")).isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper"))
          .isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> loader.loadClass(PluginLoader.class.getName())).isInstanceOf(ClassNotFoundException.class);
    }
    PluginSet loaded = PluginLoader.load(getClass().getClassLoader(), entries);
    assertThat(loaded.plugins()).as("empty jars add no plugin, and break nothing").isNotEmpty();
    assertThat(loaded.withoutPlugin()).as("but they are named").containsExactly(folder.resolve("one.jar"), folder.resolve("two"));
  }

  @Test
  void aFolderThatDoesNotExistIsAnError() {
    assertThatThrownBy(() -> PluginFolder.loaders(folder.resolve("none"), getClass().getClassLoader()))
        .hasMessage("plugin folder " + folder.resolve("none") + ": no such folder");
  }

  private static void emptyJar(Path jar) throws Exception {
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      out.finish();
    }
  }
}
