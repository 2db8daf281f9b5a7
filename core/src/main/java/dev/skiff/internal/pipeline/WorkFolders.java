package dev.skiff.internal.pipeline;

import dev.skiff.support.FileTrees;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;

/**
 * The runs' work folders under the temporary folder. A run holds an OS file lock on a file in its
 * folder for as long as it lives; the kernel drops the lock when the process dies, even by SIGKILL,
 * so a folder whose lock can be taken belongs to a dead run and the next run removes it.
 */
public final class WorkFolders {
  static final String PREFIX = "skiff-run-";
  static final String LOCK_FILE = ".skiff-run.lock";
  /**
   * Folders without a lock file wait this long: a live run locks its folder microseconds after
   * creating it, and a run removing its own deletes the lock file last, so such a folder belongs to
   * a run killed in one of those two moments.
   */
  static final Duration UNLOCKED_GRACE = Duration.ofMinutes(10);

  private final Path root;

  public WorkFolders(Path root) {
    this.root = root;
  }

  /** The work folders under the JVM's temporary folder ({@code java.io.tmpdir}). */
  public static WorkFolders inTemporaryFolder() {
    return new WorkFolders(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** Creates a new work folder and locks it for this run. */
  public WorkFolder claim() throws IOException {
    Path folder = Files.createTempDirectory(root, PREFIX);
    FileChannel channel = FileChannel.open(folder.resolve(LOCK_FILE),
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    try {
      return new WorkFolder(folder, channel, channel.lock());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Removes the work folders of runs that died, owned by the user owning {@code own} (another
   * user's folders are never touched, and links are never followed).
   *
   * @return how many folders were removed
   */
  public int removeAbandoned(WorkFolder own) throws IOException {
    UserPrincipal owner = Files.getOwner(own.path(), LinkOption.NOFOLLOW_LINKS);
    int removed = 0;
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, PREFIX + "*")) {
      for (Path folder : folders) {
        if (!folder.equals(own.path()) && isOwnedFolder(folder, owner) && removeIfAbandoned(folder)) {
          removed++;
        }
      }
    }
    return removed;
  }

  private static boolean isOwnedFolder(Path folder, UserPrincipal owner) {
    try {
      return Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
          && Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).equals(owner);
    } catch (IOException e) {
      return false; // gone meanwhile, or not ours to read
    }
  }

  private static boolean removeIfAbandoned(Path folder) {
    Path lockFile = folder.resolve(LOCK_FILE);
    if (!Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
      if (!olderThan(folder, UNLOCKED_GRACE)) {
        return false;
      }
      FileTrees.deleteQuietly(folder);
      return true;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return false; // a live run in another process
      }
      // Deleted while locked, so a second run sweeping at the same moment leaves it to this one.
      FileTrees.deleteQuietly(folder);
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // a live run in this JVM (an embedder running two plans)
    } catch (IOException e) {
      return false; // gone meanwhile, or not ours to open
    }
  }

  private static boolean olderThan(Path folder, Duration age) {
    try {
      Instant modified = Files.getLastModifiedTime(folder, LinkOption.NOFOLLOW_LINKS).toInstant();
      return modified.isBefore(Instant.now().minus(age));
    } catch (IOException e) {
      return false;
    }
  }

  /** One run's work folder, locked until closed; closing deletes it. */
  public static final class WorkFolder implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private WorkFolder(Path path, FileChannel channel, FileLock lock) {
      this.path = path;
      this.channel = channel;
      this.lock = lock;
    }

    public Path path() {
      return path;
    }

    /**
     * Deletes the folder, the lock file last: a run killed while deleting leaves a folder whose
     * lock file the next run can take, and so removes at once.
     */
    @Override
    public void close() {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
        for (Path entry : entries) {
          if (!entry.getFileName().toString().equals(LOCK_FILE)) {
            FileTrees.deleteQuietly(entry);
          }
        }
      } catch (IOException e) {
        // Gone or unreadable: what is left goes with the next run's sweep.
      }
      FileTrees.deleteQuietly(path);
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        // The lock goes with the process anyway.
      }
    }
  }
}
