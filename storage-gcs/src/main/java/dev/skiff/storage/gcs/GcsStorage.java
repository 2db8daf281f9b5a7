package dev.skiff.storage.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.StorageException;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.skiff.model.Digest;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.ListedObject;
import dev.skiff.spi.ObjectConventions;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.PutResult;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Google Cloud Storage. An image is sent once per digest, create-only (the {@code doesNotExist}
 * precondition), through a resumable upload streamed from disk, with its crc32c and md5 for the
 * server to check; the stored object's size and crc32c are checked before success is reported.
 */
// Google's client is also called Storage; the SPI's is named in full here, once.
final class GcsStorage implements dev.skiff.spi.Storage {

  private final Storage gcs;
  private final BucketLocation location;
  private final GcsSettings settings;
  private final URI publicBase;

  GcsStorage(Storage gcs, BucketLocation location, GcsSettings settings, URI publicBase) {
    this.gcs = gcs;
    this.location = location;
    this.settings = settings;
    this.publicBase = publicBase;
  }

  @Override
  public Optional<StoredBlob> stat(BlobKey key) throws SkiffException {
    return get(key).map(blob -> new StoredBlob(key, blob.getSize()));
  }

  private Optional<Blob> get(BlobKey key) throws SkiffException {
    try {
      return Optional.ofNullable(gcs.get(id(key)));
    } catch (StorageException e) {
      throw GcsErrors.translate(e, location, describe(key), "checking");
    }
  }

  @Override
  public PutResult put(PutRequest request) throws SkiffException {
    BlobKey key = request.key();
    Optional<Blob> existing = get(key);
    if (existing.isPresent()) {
      return new PutResult(checkStored(key, existing.get(), request.size(), Optional.empty()), false);
    }
    Checksums sums = checksums(request);
    BlobInfo info = BlobInfo.newBuilder(id(key))
        .setContentType(ObjectConventions.CONTENT_TYPE)
        .setCacheControl(ObjectConventions.CACHE_CONTROL)
        .setMetadata(ObjectConventions.metadata(request))
        .setCrc32c(sums.crc32c())
        .setMd5(sums.md5())
        .build();
    try (InputStream in = Files.newInputStream(request.file())) {
      // The md5 travels in the metadata; crc32cMatch makes the server check the crc32c.
      try (WriteChannel writer = gcs.writer(info, BlobWriteOption.doesNotExist(), BlobWriteOption.crc32cMatch())) {
        writer.setChunkSize(settings.chunkSize());
        byte[] buffer = new byte[1 << 20];
        long sent = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
          ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
          while (chunk.hasRemaining()) {
            writer.write(chunk);
          }
          sent += n;
          request.progress().progress(sent, request.size());
        }
      }
    } catch (StorageException e) {
      if (GcsErrors.objectExists(e)) {
        // Another run stored the same digest meanwhile: its object is as good as ours would be.
        Blob theirs = awaitOther(key).orElseThrow(() -> GcsErrors.translate(e, location, describe(key), "storing"));
        return new PutResult(checkStored(key, theirs, request.size(), Optional.empty()), false);
      }
      throw GcsErrors.translate(e, location, describe(key), "storing");
    } catch (IOException e) {
      throw GcsErrors.translate(e, location, describe(key), "storing");
    }
    Blob stored = get(key).orElseThrow(() -> new SkiffException("storage " + describe(key)
        + ": the upload reported success, but the object is not there"));
    return new PutResult(checkStored(key, stored, request.size(), Optional.of(sums.crc32c())), true);
  }

  /** The object another writer created, once it is complete (bounded by the operation's deadline). */
  private Optional<Blob> awaitOther(BlobKey key) throws SkiffException {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    long pause = 50;
    while (true) {
      Optional<Blob> blob = get(key);
      if (blob.isEmpty() || blob.get().getSize() != null || System.nanoTime() > deadline) {
        return blob;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return blob;
      }
      pause = Math.min(pause * 2, 1000);
    }
  }

  /** The sha256 (which must match the key), crc32c and md5 of the file, from one read. */
  private Checksums checksums(PutRequest request) throws SkiffException {
    MessageDigest sha256 = Digest.newSha256();
    MessageDigest md5 = md5();
    Hasher crc32c = Hashing.crc32c().newHasher();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(request.file())) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha256.update(buffer, 0, n);
        md5.update(buffer, 0, n);
        crc32c.putBytes(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new SkiffException("storage " + describe(request.key()) + ": cannot read " + request.file() + ": "
          + e.getMessage(), e);
    }
    Digest digest = Digest.of(sha256.digest());
    if (!digest.equals(request.key().digest())) {
      throw new SkiffException("storage " + describe(request.key()) + ": " + request.file() + " has " + digest
          + ", not the key's " + request.key().digest() + "; it changed after it was hashed, nothing was stored");
    }
    // Cloud Storage wants crc32c as four big-endian bytes, Guava gives them little-endian.
    byte[] crc = crc32c.hash().asBytes();
    byte[] bigEndian = {crc[3], crc[2], crc[1], crc[0]};
    return new Checksums(Base64.getEncoder().encodeToString(bigEndian),
        Base64.getEncoder().encodeToString(md5.digest()));
  }

  private record Checksums(String crc32c, String md5) {}

  private StoredBlob checkStored(BlobKey key, Blob blob, long size, Optional<String> crc32c) throws SkiffException {
    StoredBlob checked = ObjectConventions.check(key, describe(key), blob.getSize(), size,
        blob.getMetadata() == null ? null : blob.getMetadata().get(ObjectConventions.DIGEST_METADATA));
    if (crc32c.isPresent() && blob.getCrc32c() != null && !blob.getCrc32c().equals(crc32c.get())) {
      throw new SkiffException("storage " + describe(key) + ": the stored object's crc32c " + blob.getCrc32c()
          + " differs from the image's " + crc32c.get() + "; remove it by hand");
    }
    return checked;
  }

  private BlobId id(BlobKey key) {
    return BlobId.of(location.bucket(), location.key(key));
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  @Override
  public InputStream read(BlobKey key, long offset) throws SkiffException, IOException {
    try {
      if (gcs.get(id(key)) == null) {
        throw new SkiffException("storage " + describe(key) + ": no such blob");
      }
      ReadChannel reader = gcs.reader(id(key));
      reader.seek(offset);
      return Channels.newInputStream(reader);
    } catch (StorageException e) {
      throw GcsErrors.translate(e, location, describe(key), "reading");
    }
  }

  @Override
  public void list(Consumer<ListedObject> each) throws SkiffException {
    // Uploads a killed run left unfinished are sessions, not objects; Cloud Storage ends them after a week.
    GcsListing.forEach(gcs, location, "listing", blob -> {
      String name = location.pathOf(blob.getName());
      Instant modified = blob.getUpdateTimeOffsetDateTime() == null ? Instant.EPOCH
          : blob.getUpdateTimeOffsetDateTime().toInstant();
      each.accept(ListedObject.of(name, location.describe(name), blob.getSize() == null ? 0 : blob.getSize(), modified,
          ListedObject.Kind.OTHER));
    });
  }

  @Override
  public void delete(ListedObject object) throws SkiffException {
    try {
      gcs.delete(BlobId.of(location.bucket(), location.key(object.name())));
    } catch (StorageException e) {
      throw GcsErrors.translate(e, location, object.where(), "deleting");
    }
  }

  @Override
  public String toString() {
    return location.toString();
  }

  @Override
  public URI publicUrl(BlobKey key) {
    return publicBase.resolve(location.key(key));
  }

  @Override
  public String describe(BlobKey key) {
    return location.describe(key);
  }

  @Override
  public void close() throws IOException {
    GcsStorageFactory.close(gcs);
  }
}
