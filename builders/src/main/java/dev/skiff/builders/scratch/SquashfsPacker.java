package dev.skiff.builders.scratch;

import dev.skiff.support.ProcessResult;
import dev.skiff.support.ProcessRunner;
import dev.skiff.spi.Log;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Packs a folder into a reproducible squashfs image with {@code mksquashfs}. */
final class SquashfsPacker {
  private final Path mksquashfs;
  private final String compression;
  private final Map<String, String> environment;

  /** @param environment the run's environment, which mksquashfs runs in */
  SquashfsPacker(Path mksquashfs, String compression, Map<String, String> environment) {
    this.mksquashfs = mksquashfs;
    this.compression = compression;
    this.environment = Map.copyOf(environment);
  }

  /**
   * Packs {@code folder} into {@code target}, all files owned by root. mksquashfs takes
   * {@code SOURCE_DATE_EPOCH} as the file system's and every file's time (and refuses it together
   * with the equivalent flags), which also overrides any value inherited from the caller.
   */
  void pack(Path folder, Path target, Instant time, Duration timeout, Log log)
      throws SkiffException, IOException, InterruptedException {
    String seconds = Long.toString(time.getEpochSecond());
    ProcessResult result = new ProcessRunner(timeout, environment).run(List.of(mksquashfs.toString(),
        folder.toString(), target.toString(), "-noappend", "-all-root", "-no-xattrs", "-comp", compression,
        "-no-progress", "-quiet"),
        folder.getParent(), Map.of("SOURCE_DATE_EPOCH", seconds), log);
    if (result.timedOut()) {
      throw new BuildDeadline.PassedException();
    }
    if (!result.succeeded()) {
      throw new SkiffException("mksquashfs failed (exit " + result.exitCode() + "): " + result.tailText(3));
    }
  }
}
