package dev.skiff.internal.plugin;

import dev.skiff.spi.PluginException;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A folder of plugins a team drops in: each jar, or each subfolder of jars, is one plugin with a
 * class loader of its own that sees the JDK and Skiff's SPI ({@code skiff-spi}) and nothing else
 * of Skiff's class path, as Trino loads its plugins. A plugin cannot clash with the libraries Skiff
 * uses, nor with another plugin's.
 */
public final class PluginFolder {
  /** The packages of skiff-spi, which plugins compile against: the only Skiff classes they see. */
  static final Set<String> SPI_PACKAGES = Set.of("dev.skiff.spi.", "dev.skiff.model.", "dev.skiff.sif.",
      "dev.skiff.support.");

  /** One plugin of the folder: a jar or a subfolder of jars, and the class loader of its own. */
  public record Entry(Path path, ClassLoader loader) {}

  private PluginFolder() {}

  /**
   * One class loader per plugin in the folder, in name order. A folder that is not there is an
   * error: a mistyped path would otherwise load no plugin and say nothing.
   */
  public static List<Entry> loaders(Path folder, ClassLoader skiff) throws SkiffException {
    List<Entry> loaders = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      throw new PluginException(folder.toString(),
          "plugin folder " + folder + ": " + (Files.exists(folder) ? "not a folder" : "no such folder"), null);
    }
    ClassLoader spiOnly = new SpiOnly(skiff);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      List<Path> sorted = new ArrayList<>();
      entries.forEach(sorted::add);
      sorted.sort(null);
      for (Path entry : sorted) {
        List<URL> jars = jars(entry);
        if (!jars.isEmpty()) {
          loaders.add(new Entry(entry,
              new URLClassLoader("skiff-plugin " + entry.getFileName(), jars.toArray(URL[]::new), spiOnly)));
        }
      }
    } catch (IOException e) {
      throw new PluginException(folder.toString(),
          "plugin folder " + folder + ": cannot be read: " + IoMessages.describe(e), e);
    }
    return loaders;
  }

  private static List<URL> jars(Path entry) throws IOException {
    List<URL> jars = new ArrayList<>();
    if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
      jars.add(url(entry));
    } else if (Files.isDirectory(entry)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(entry, "*.jar")) {
        for (Path jar : files) {
          jars.add(url(jar));
        }
      }
    }
    return jars;
  }

  private static URL url(Path jar) throws MalformedURLException {
    return jar.toUri().toURL();
  }

  /** The parent of every plugin's loader: the JDK, and from Skiff's own loader only the SPI. */
  private static final class SpiOnly extends ClassLoader {
    private final ClassLoader skiff;

    SpiOnly(ClassLoader skiff) {
      super("skiff-spi-only", ClassLoader.getPlatformClassLoader());
      this.skiff = skiff;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      for (String spi : SPI_PACKAGES) {
        if (name.startsWith(spi)) {
          return skiff.loadClass(name);
        }
      }
      return super.loadClass(name, resolve);
    }
  }
}
