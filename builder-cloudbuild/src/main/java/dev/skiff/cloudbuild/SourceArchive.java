package dev.skiff.cloudbuild;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** The recipe's folder as a gzipped tar, the source a Cloud Build runs on. Symbolic links are left out. */
final class SourceArchive {
  private SourceArchive() {}

  static void write(Path folder, Path target) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).filter(p -> !Files.isSymbolicLink(p))
          .filter(p -> !folder.relativize(p).toString().startsWith(".git"))
          .sorted(Comparator.comparing(Path::toString)).toList();
    }
    try (OutputStream out = Files.newOutputStream(target);
        GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Path file : files) {
        TarArchiveEntry entry = new TarArchiveEntry(file.toFile(), folder.relativize(file).toString());
        entry.setLastModifiedTime(FileTime.fromMillis(0));
        tar.putArchiveEntry(entry);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
  }
}
