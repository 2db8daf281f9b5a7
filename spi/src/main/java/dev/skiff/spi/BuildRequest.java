package dev.skiff.spi;

import dev.skiff.model.Namespace;
import dev.skiff.model.Recipe;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One recipe to build.
 *
 * @param recipe the parsed recipe
 * @param namespace the namespace the image belongs to
 * @param outputDir an empty folder of this build's own, for its image and temporary files
 * @param sourceDate the build date to stamp into reproducible images (SOURCE_DATE_EPOCH)
 * @param storage the run's storage, for builders that store the image themselves
 *     ({@link BuildResult.StoredImage})
 * @param log receives the build's output, line by line
 * @param progress told how far the build is, where the builder knows
 */
public record BuildRequest(
    Recipe recipe,
    Namespace namespace,
    Path outputDir,
    Instant sourceDate,
    URI storage,
    Log log,
    ProgressListener progress) {}
