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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;

/**
 * The runs' work folders under the temporary folder. A run holds an OS file lock on a file in its
 * folder for as long as it lives; the kernel drops the lock when the process dies, even by SIGKILL,
 * so a folder whose lock can be taken belongs to a dead run and the next run removes it.
 *
 * <p>A kill can land at any instruction, so every state a folder passes through says what it is by
 * its name. A folder is made as {@code skiff-new-*}, gets its locked lock file, and only then is
 * renamed to {@code skiff-run-*}: a {@code skiff-run-*} folder always has its lock file. A folder
 * being removed is first renamed to {@code skiff-gone-*}: nothing live is ever named so, and the
 * next run removes whatever a killed removal left.
 */
public final class WorkFolders {
  static final String PREFIX = "skiff-run-";
  static final String NEW_PREFIX = "skiff-new-";
  static final String GONE_PREFIX = "skiff-gone-";
  static final String LOCK_FILE = ".skiff-run.lock";
  /**
   * A {@code skiff-new-*} folder waits this long before it is removed: a live run renames its
   * folder microseconds after creating it (a sweeper must not take a lock file a starting run has
   * not locked yet), so an older one is the empty folder of a run killed in between. So does a
   * {@code skiff-run-*} folder that lost its lock file (removed by hand, or deleted in place).
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
    Path staged = Files.createTempDirectory(root, NEW_PREFIX);
    FileChannel channel = FileChannel.open(staged.resolve(LOCK_FILE),
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    try {
      FileLock lock = channel.lock();
      Path folder = root.resolve(PREFIX + staged.getFileName().toString().substring(NEW_PREFIX.length()));
      Files.move(staged, folder, StandardCopyOption.ATOMIC_MOVE);
      return new WorkFolder(folder, channel, lock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      FileTrees.deleteQuietly(staged);
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
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, "skiff-*")) {
      for (Path folder : folders) {
        String name = folder.getFileName().toString();
        boolean ours = !folder.equals(own.path()) && isOwnedFolder(folder, owner);
        if (ours && (name.startsWith(GONE_PREFIX) ? removeGone(folder)
            : (name.startsWith(PREFIX) || name.startsWith(NEW_PREFIX)) && removeIfAbandoned(folder))) {
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

  /** A removal a kill cut short; another run removing it at the same moment does no harm. */
  private static boolean removeGone(Path folder) {
    FileTrees.deleteQuietly(folder);
    return true;
  }

  private static boolean removeIfAbandoned(Path folder) {
    Path lockFile = folder.resolve(LOCK_FILE);
    if (folder.getFileName().toString().startsWith(NEW_PREFIX)
        || !Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
      if (!olderThan(folder, UNLOCKED_GRACE)) {
        return false;
      }
      removeWhole(folder);
      return true;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return false; // a live run in another process
      }
      // Renamed while locked, so a second run sweeping at the same moment leaves it to this one.
      removeWhole(folder);
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // a live run in this JVM (an embedder running two plans)
    } catch (IOException e) {
      return false; // gone meanwhile, or not ours to open
    }
  }

  /** Renames a folder to {@code skiff-gone-*}, then deletes it: a kill in between leaves it named for removal. */
  private static void removeWhole(Path folder) {
    String name = folder.getFileName().toString();
    Path gone = folder.resolveSibling(GONE_PREFIX + name.substring(name.indexOf('-', "skiff-".length()) + 1));
    try {
      Files.move(folder, gone, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      gone = folder; // taken by another sweeper, or a file system without renames: delete in place
    }
    FileTrees.deleteQuietly(gone);
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

    /** Deletes the folder (renamed for removal first), then lets the lock go. */
    @Override
    public void close() {
      removeWhole(path);
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        // The lock goes with the process anyway.
      }
    }
  }
}
