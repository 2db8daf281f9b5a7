package dev.skiff.internal.storage.local;

import dev.skiff.model.Digest;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.ListedObject;
import dev.skiff.spi.ObjectConventions;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.PutResult;
import dev.skiff.spi.StorageException;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StoredBlob;
import dev.skiff.support.IoMessages;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Stores blobs in a folder under their content address. A blob is written under a temporary
 * name, checked against its digest, synced, and then linked to its final name, which fails if the
 * name exists; so a final name only ever holds complete, verified content, and never changes.
 */
final class LocalStorage implements Storage {
  private static final int CHUNK = 1 << 20;
  /** The temporary name {@link #put} writes a blob under before linking it to its final name. */
  private static final Pattern PARTIAL = Pattern.compile("[^/]+/[^/]+/\\.[0-9a-f]{64}\\.[0-9a-f-]{36}\\.part");

  private final Path root;
  private final Optional<URI> baseUrl;

  LocalStorage(Path root, Optional<URI> baseUrl) {
    this.root = root;
    this.baseUrl = baseUrl;
  }

  @Override
  public Optional<StoredBlob> stat(BlobKey key) throws IOException {
    Path file = fileOf(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(new StoredBlob(key, Files.size(file)));
  }

  /** Whether this storage has swept the files of dead writers: the first put does, once. */
  private final AtomicBoolean swept = new AtomicBoolean();

  @Override
  public PutResult put(PutRequest request) throws SkiffException, IOException {
    if (swept.compareAndSet(false, true)) {
      try {
        removeAbandoned();
      } catch (IOException e) {
        // Leftovers do this put no harm; gc lists them as unfinished.
      }
    }
    BlobKey key = request.key();
    Path target = fileOf(key);
    Optional<StoredBlob> existing = stat(key);
    if (existing.isPresent()) {
      return new PutResult(checkSize(existing.get(), request.size()), false);
    }
    Path folder = target.getParent();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new StorageException("storage " + describeRoot() + ": cannot create folder " + folder + ": " + IoMessages.describe(e), e);
    }
    Path partial = null;
    try {
      partial = folder.resolve("." + key.digest().hex() + "." + UUID.randomUUID() + ".part");
      Digest written = copy(request, partial);
      if (!written.equals(key.digest())) {
        throw new StorageException("storage " + describe(key) + ": the bytes written have " + written
            + ", not " + key.digest() + "; " + request.file() + " changed while it was being stored");
      }
      try {
        Files.createLink(target, partial);
      } catch (FileAlreadyExistsException raced) {
        return new PutResult(checkSize(stat(key).orElseThrow(() -> raced), request.size()), false);
      } catch (UnsupportedOperationException | IOException noHardLinks) {
        // File systems without hard links: a rename is still atomic, and content addressing makes
        // a concurrent writer's identical bytes harmless.
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      }
      return new PutResult(new StoredBlob(key, Files.size(target)), true);
    } catch (IOException e) {
      throw new StorageException("storage " + describe(key) + ": cannot write: " + IoMessages.describe(e), e);
    } finally {
      if (partial != null) {
        Files.deleteIfExists(partial);
      }
    }
  }

  /**
   * Writes the blob to {@code partial} under an OS lock held until the file is closed: the kernel
   * drops it when this process dies, even by SIGKILL, which tells {@link #removeAbandoned} that
   * nobody writes the file any more.
   */
  private Digest copy(PutRequest request, Path partial) throws IOException {
    MessageDigest sha256 = Digest.newSha256();
    byte[] buffer = new byte[CHUNK];
    long done = 0;
    try (InputStream in = Files.newInputStream(request.file());
        FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream out = Channels.newOutputStream(channel)) {
      channel.lock();
      if (!Files.exists(partial)) {
        // A sweeper took it for abandoned between its creation and the lock, and removed it.
        throw new IOException(partial + " was removed while it was being written; run again");
      }
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        sha256.update(buffer, 0, n);
        done += n;
        request.progress().progress(done, request.size());
      }
      out.flush();
      channel.force(true);
    }
    return Digest.of(sha256.digest());
  }

  private StoredBlob checkSize(StoredBlob blob, long expected) throws SkiffException {
    return ObjectConventions.check(blob.key(), describe(blob.key()), blob.size(), expected, null);
  }

  /**
   * Removes the temporary files of writers that died (a run killed in the middle of a put): those
   * whose lock can be taken. A file another process, or this one, is writing stays. Runs at the
   * first put, so that a run that stores cleans up after the runs that were killed, while listing
   * (gc's dry run among others) changes nothing.
   *
   * @return how many were removed
   */
  int removeAbandoned() throws IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int removed = 0;
    List<Path> partials;
    try (Stream<Path> files = Files.find(root, 3, (path, attributes) -> attributes.isRegularFile()
        && PARTIAL.matcher(nameOf(path)).matches())) {
      partials = files.toList();
    }
    for (Path file : partials) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        if (channel.tryLock() != null) {
          Files.deleteIfExists(file);
          removed++;
        }
      } catch (OverlappingFileLockException | NoSuchFileException writtenHereOrGone) {
        // This process writes it, or its writer has just finished.
      }
    }
    return removed;
  }

  /** A file's path under the root, with slashes: the object's name. */
  private String nameOf(Path file) {
    return root.relativize(file).toString().replace(File.separatorChar, '/');
  }

  @Override
  public InputStream read(BlobKey key, long offset) throws SkiffException, IOException {
    Path file = fileOf(key);
    if (!Files.isRegularFile(file)) {
      throw new StorageException("storage " + describe(key) + ": no such blob");
    }
    SeekableByteChannel channel = Files.newByteChannel(file);
    channel.position(offset);
    return Channels.newInputStream(channel);
  }

  @Override
  public void list(Consumer<ListedObject> each) throws SkiffException, IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      // Links are neither followed nor listed: gc never deletes through one.
      for (Path file : (Iterable<Path>) files::iterator) {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
          continue;
        }
        String name = nameOf(file);
        each.accept(ListedObject.of(name, file.toUri().toString(), attributes.size(),
            attributes.lastModifiedTime().toInstant(),
            PARTIAL.matcher(name).matches() ? ListedObject.Kind.UNFINISHED : ListedObject.Kind.OTHER));
      }
    } catch (UncheckedIOException e) {
      throw new StorageException("storage " + describeRoot() + ": cannot list: " + IoMessages.describe(e.getCause()), e);
    }
  }

  @Override
  public void delete(ListedObject object) throws SkiffException {
    Path file = root.resolve(object.name()).normalize();
    if (!file.startsWith(root.normalize())) {
      throw new StorageException("storage " + describeRoot() + ": '" + object.name() + "' is not inside it");
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StorageException("storage " + object.where() + ": cannot delete: " + IoMessages.describe(e), e);
    }
  }

  @Override
  public String toString() {
    return describeRoot();
  }

  @Override
  public URI publicUrl(BlobKey key) {
    return baseUrl.map(base -> base.resolve(key.path())).orElseGet(() -> fileOf(key).toUri());
  }

  @Override
  public String describe(BlobKey key) {
    return fileOf(key).toUri().toString();
  }

  private String describeRoot() {
    return root.toUri().toString();
  }

  private Path fileOf(BlobKey key) {
    return root.resolve(key.path());
  }
}
