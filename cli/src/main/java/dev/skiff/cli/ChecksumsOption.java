package dev.skiff.cli;

import dev.skiff.report.BuildRecord;
import dev.skiff.report.RunReport;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --checksums FILE}: the images a run built, in {@code sha256sum}'s format, as provenance
 * attestations take their subjects ({@code actions/attest-build-provenance}'s
 * {@code subject-checksums}), so that {@code gh attestation verify} knows a pulled SIF.
 */
final class ChecksumsOption {
  @Option(names = "--checksums", paramLabel = "FILE",
      description = "Write the sha256 of each image this run built, as sha256sum writes it (named OWNER/NAME:TAG), "
          + "for provenance attestations.")
  Path checksums;

  /** Writes the file, when asked; an image not built here (unchanged, failed) is not in it. */
  void write(RunReport report) throws SkiffException {
    if (checksums == null) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (BuildRecord record : report.records()) {
      if (record.status() == BuildRecord.Status.BUILT && record.digest().isPresent() && record.tag().isPresent()) {
        lines.append(record.digest().get().hex()).append("  ").append(report.namespace()).append(':')
            .append(record.tag().get().value()).append('\n');
      }
    }
    try {
      Path parent = checksums.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(checksums, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SkiffException("--checksums " + checksums + ": cannot write it: " + IoMessages.describe(e), e);
    }
  }
}
