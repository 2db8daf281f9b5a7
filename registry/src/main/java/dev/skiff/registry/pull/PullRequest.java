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
 */
public record PullRequest(PullReference reference, Optional<Path> output, Path cache, ProgressListener progress) {}
