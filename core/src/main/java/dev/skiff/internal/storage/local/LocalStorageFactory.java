package dev.skiff.internal.storage.local;

import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.StorageException;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.StaticFiles;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StorageFactory;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code file:DIR} storage: a folder on this machine, or a mounted shared file system. */
public final class LocalStorageFactory implements StorageFactory {
  static final String BASE_URL = "storage.file.base-url";

  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public String description() {
    return "a local folder, file:DIR (relative to skiff.yml's folder or the working directory)";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(ConfigKey.of(BASE_URL,
        "URL under which the folder is served (a web server's root); default: the file: URL"));
  }

  @Override
  public Storage create(URI uri, PluginConfig config, PluginContext context) throws SkiffException {
    Optional<URI> baseUrl = config.url(BASE_URL);
    Path folder = folderOf(uri, config.baseDir("storage"));
    // Check the folder now, so that an unusable storage fails the run before anything is built.
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new StorageException("storage " + uri + ": cannot create folder " + folder + ": " + IoMessages.describe(e), e);
    }
    if (!Files.isWritable(folder)) {
      throw new StorageException("storage " + uri + ": folder " + folder + " is not writable");
    }
    return new LocalStorage(folder, baseUrl);
  }

  @Override
  public StaticFiles createStaticFiles(URI uri, PluginConfig config, PluginContext context) throws SkiffException {
    Path folder = folderOf(uri, config.baseDir("storage"));
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new StorageException("site " + uri + ": cannot create folder " + folder + ": " + IoMessages.describe(e), e);
    }
    return new LocalStaticFiles(folder);
  }

  /** {@code file:///abs}, {@code file:/abs} and the relative {@code file:dir}. */
  static Path folderOf(URI uri, Path baseDir) throws SkiffException {
    if (uri.getAuthority() != null && !uri.getAuthority().isEmpty() && !uri.getAuthority().equals("localhost")) {
      throw new StorageException("storage '" + uri + "': file URIs name a folder on this machine, not on host '"
          + uri.getAuthority() + "'; write file:///path or file:relative/path");
    }
    String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
    if (path == null || path.isEmpty()) {
      throw new StorageException("storage '" + uri + "': no folder given; write file:DIR");
    }
    return baseDir.resolve(path).toAbsolutePath().normalize();
  }
}
