package dev.skiff.internal.pipeline;

import dev.skiff.internal.plugin.PluginCall;
import dev.skiff.internal.plugin.PluginRole;
import dev.skiff.model.Digest;
import dev.skiff.sif.SifFormatException;
import dev.skiff.signing.SifSigner;
import dev.skiff.signing.SigningException;
import dev.skiff.signing.SigningKey;
import dev.skiff.spi.BuildException;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StorageException;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Signs a built image before it is stored, as {@code apptainer sign} does. The signature's time is
 * the image's date, so a reproducible build stays reproducible. An image outside the build's
 * folder (a prebuilt one) is signed as a copy, never in place; one a remote builder already
 * stored is fetched, signed and stored again under its new digest.
 */
final class SignStep {
  private final SigningKey key;
  private final Storage storage;
  private final PluginRole storageRole;
  private final Path outputDir;
  private final Instant time;

  SignStep(SigningKey key, Storage storage, PluginRole storageRole, Path outputDir, Instant time) {
    this.key = key;
    this.storage = storage;
    this.storageRole = storageRole;
    this.outputDir = outputDir;
    this.time = time;
  }

  BuildResult.LocalImage call(BuildResult image) throws SkiffException, InterruptedException {
    Path file = outputDir.resolve("signed.sif");
    try {
      if (image instanceof BuildResult.StoredImage stored) {
        fetch(stored, file);
      } else {
        Path built = ((BuildResult.LocalImage) image).file();
        if (built.toAbsolutePath().normalize().startsWith(outputDir.toAbsolutePath().normalize())) {
          file = built;
        } else {
          Files.copy(built, file, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      SifSigner.sign(file, key, time);
      return new BuildResult.LocalImage(file);
    } catch (SigningException | SifFormatException e) {
      throw new BuildException("cannot sign the image: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new BuildException("cannot sign the image " + file + ": " + IoMessages.describe(e), e);
    }
  }

  private void fetch(BuildResult.StoredImage stored, Path file) throws SkiffException, InterruptedException, IOException {
    try (InputStream in = PluginCall.call(storageRole, "reading " + stored.key() + " to sign it",
        () -> storage.read(stored.key(), 0))) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    Digest fetched = Digest.sha256(file);
    if (!fetched.equals(stored.digest())) {
      throw new StorageException(storage.describe(stored.key()) + " has sha256 " + fetched + ", but the builder"
          + " reported " + stored.digest());
    }
  }
}
