package dev.skiff.registry.pull;

import dev.skiff.model.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * Blobs kept by digest between pulls ({@code blobs/sha256/HEX}), each entered only after its sha256
 * was found to be the recorded one. Beside each, {@code verified/sha256/HEX} records what the file
 * looked like then (size, times, inode, the machine's boot): a later pull serves the entry when it
 * still looks so, and hashes it again when it does not (changed since, or a power loss may have
 * lost bytes never synced). Pulled images are copies, so that nothing done to one reaches the cache.
 */
final class BlobCache {
  private final Path blobs;
  private final Path verified;
  private final Path downloads;

  BlobCache(Path root) {
    this.blobs = root.resolve("blobs").resolve("sha256");
    this.verified = root.resolve("verified").resolve("sha256");
    this.downloads = root.resolve("downloads").resolve("sha256");
  }

  /** The cached blob when it is there with these bytes; a cached file that is not is removed. */
  Optional<Path> entry(Digest digest, long size) throws IOException {
    Path entry = blobs.resolve(digest.hex());
    if (!Files.isRegularFile(entry)) {
      return Optional.empty();
    }
    Path record = verified.resolve(digest.hex());
    String now = fingerprint(entry);
    if (Files.size(entry) == size && Files.isRegularFile(record) && Files.readString(record, StandardCharsets.US_ASCII)
        .equals(now) && MachineBoot.known()) {
      return Optional.of(entry);
    }
    if (Files.size(entry) == size && Digest.sha256(entry).equals(digest)) {
      record(entry, record);
      return Optional.of(entry);
    }
    Files.deleteIfExists(record);
    Files.deleteIfExists(entry);
    return Optional.empty();
  }

  /** Where a download of the blob writes. */
  DownloadSlot slot(Digest digest) throws IOException {
    return DownloadSlot.claim(downloads, digest);
  }

  /** Moves a download whose sha256 was found to be {@code digest} into the cache. */
  Path admit(Path downloaded, Digest digest) throws IOException {
    Path entry = Files.createDirectories(blobs).resolve(digest.hex());
    Files.move(downloaded, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    entry.toFile().setReadOnly();
    record(entry, Files.createDirectories(verified).resolve(digest.hex()));
    return entry;
  }

  private static void record(Path entry, Path record) throws IOException {
    Path partial = Files.createTempFile(record.getParent(), record.getFileName() + ".", ".tmp");
    try {
      Files.writeString(partial, fingerprint(entry), StandardCharsets.US_ASCII);
      Files.move(partial, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /** What a file looks like: any write, or any change of its metadata, changes it. */
  private static String fingerprint(Path file) throws IOException {
    StringBuilder text = new StringBuilder();
    try {
      // On Unix, the change time moves with every write and cannot be set back by anyone.
      Map<String, Object> unix = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino,dev");
      unix.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(attribute -> text.append(attribute.getKey()).append(' ').append(attribute.getValue()).append('\n'));
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
      text.append("size ").append(basic.size()).append("\nlastModifiedTime ").append(basic.lastModifiedTime())
          .append("\nfileKey ").append(basic.fileKey()).append('\n');
    }
    return text.append("boot ").append(MachineBoot.current()).append('\n').toString();
  }

  /**
   * Puts a copy of the cached blob at {@code output}, whole or not at all. The copy is the user's
   * to change; the copy is made by the kernel where it can, without the bytes passing through here.
   */
  static void copyOut(Path entry, Path output) throws IOException {
    Path folder = Files.createDirectories(output.getParent());
    Path partial = Files.createTempFile(folder, "." + output.getFileName() + ".", ".skiff-part");
    try {
      Files.copy(entry, partial, StandardCopyOption.REPLACE_EXISTING);
      partial.toFile().setWritable(true, true);
      Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
