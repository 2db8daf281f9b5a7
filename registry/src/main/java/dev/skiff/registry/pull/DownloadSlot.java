package dev.skiff.registry.pull;

import dev.skiff.model.Digest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where one download of a blob writes, and no other: the blob's own folder, which a later pull
 * continues, when no other pull (of this or another process) downloads the same blob now, else a
 * folder of this pull alone, removed when it ends. Holding a blob's folder is holding a lock on the
 * blob's byte range of one shared lock file, which is never removed, so that a folder can be
 * removed by its holder without a race; the operating system lets go of the lock when a process
 * dies, however it dies.
 */
final class DownloadSlot implements AutoCloseable {
  /** Folders of pulls that died are removed by a later pull once they are this old and unlocked. */
  private static final Duration ORPHANED_AFTER = Duration.ofMinutes(1);

  private final Path folder;
  private final FileChannel lockFile;
  private final FileLock lock;
  private final boolean shared;

  private DownloadSlot(Path folder, FileChannel lockFile, FileLock lock, boolean shared) {
    this.folder = folder;
    this.lockFile = lockFile;
    this.lock = lock;
    this.shared = shared;
  }

  /** A slot for a download of {@code digest} under {@code downloads}: the blob's own one when it is free. */
  static DownloadSlot claim(Path downloads, Digest digest) throws IOException {
    Files.createDirectories(downloads);
    removeOrphans(downloads);
    FileChannel locks = FileChannel.open(downloads.resolve("locks"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock = null;
    try {
      lock = locks.tryLock(rangeOf(digest), 1, false);
    } catch (OverlappingFileLockException e) {
      // this process pulls the same blob on another thread
    } finally {
      if (lock == null) {
        locks.close();
      }
    }
    if (lock != null) {
      return new DownloadSlot(Files.createDirectories(downloads.resolve(digest.hex())), locks, lock, true);
    }
    Path own = Files.createTempDirectory(downloads, digest.hex() + "-");
    FileChannel ownLock = FileChannel.open(own.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    return new DownloadSlot(own, ownLock, ownLock.lock(), false);
  }

  /** The byte of the shared lock file that stands for a blob: from its digest's first bits. */
  private static long rangeOf(Digest digest) {
    return Long.parseLong(digest.hex().substring(0, 15), 16);
  }

  /** Removes the folders of pulls that died while they had one of their own. */
  private static void removeOrphans(Path downloads) throws IOException {
    Instant old = Instant.now().minus(ORPHANED_AFTER);
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(downloads, "*-*")) {
      for (Path folder : folders) {
        if (!Files.isDirectory(folder) || Files.getLastModifiedTime(folder).compareTo(FileTime.from(old)) > 0) {
          continue;
        }
        try (FileChannel channel = FileChannel.open(folder.resolve("lock"), StandardOpenOption.WRITE)) {
          FileLock lock = channel.tryLock();
          if (lock != null) {
            deleteTree(folder);
          }
        } catch (NoSuchFileException | OverlappingFileLockException e) {
          // removed by another pull meanwhile, or this process's own
        }
      }
    }
  }

  Path data() {
    return folder.resolve("data");
  }

  Path progress() {
    return folder.resolve("progress");
  }

  /** Whether a later pull continues what this slot holds; a slot of the pull's own is removed at its end. */
  boolean shared() {
    return shared;
  }

  /** Drops what the slot holds: bytes that were not the recorded ones. */
  void discard() throws IOException {
    Files.deleteIfExists(data());
    Files.deleteIfExists(progress());
  }

  @Override
  public void close() throws IOException {
    try {
      if (!shared) {
        deleteTree(folder);
      } else if (!Files.exists(data())) {
        Files.deleteIfExists(progress());
        Files.deleteIfExists(folder);
      }
    } finally {
      lock.release();
      lockFile.close();
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
