package dev.skiff.spi;

import dev.skiff.model.Digest;
import java.nio.file.Path;

/**
 * What a build produced: an image file on this machine, or (for remote build services) an
 * object the service already put into the run's storage, which the storage step then checks
 * instead of uploading.
 */
public sealed interface BuildResult {

  /** An image file on this machine, which the storage step checks, hashes and uploads. */
  record LocalImage(Path file) implements BuildResult {}

  /** An image the builder already stored under {@code key} in the run's storage. */
  record StoredImage(BlobKey key, long size, Digest digest) implements BuildResult {}
}
