package dev.skiff.internal.storage.local;

import dev.skiff.spi.StaticFiles;
import dev.skiff.testing.StaticFilesContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The static-files contract on a folder of this machine. */
class LocalStaticFilesTest extends StaticFilesContractTest {
  Path root;

  @Override
  protected StaticFiles openStaticFiles() throws Exception {
    root = Files.createDirectories(files.resolve("served"));
    return new LocalStaticFiles(root);
  }

  @Override
  protected Optional<byte[]> readBack(String path) throws Exception {
    Path file = root.resolve(path);
    return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
  }
}
