package dev.skiff.registry.pull;

import dev.skiff.spi.ProgressListener;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One {@code skiff pull}.
 *
 * @param reference what to pull
 * @param output where the image goes; empty for {@code NAME_TAG.sif} in the working directory
 * @param cache the folder that keeps blobs by digest between pulls
 * @param progress told how many bytes of the blob have arrived
 * @param requireSignature whether the image must carry a valid signature by one of the site's keys
 *     even where the registry does not require signatures
 */
public record PullRequest(PullReference reference, Optional<Path> output, Path cache, ProgressListener progress,
    boolean requireSignature) {

  /** A pull that checks signatures where the registry requires them. */
  public PullRequest(PullReference reference, Optional<Path> output, Path cache, ProgressListener progress) {
    this(reference, output, cache, progress, false);
  }
}
