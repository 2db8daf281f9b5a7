package dev.skiff.storage.s3;

import dev.skiff.spi.BlobKey;
import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.ListedObject;
import dev.skiff.spi.ObjectConventions;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.PutResult;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.FileUpload;
import software.amazon.awssdk.transfer.s3.model.UploadFileRequest;
import software.amazon.awssdk.transfer.s3.progress.TransferListener;

/**
 * Amazon S3 and S3-compatible stores. An image is sent once per digest (a HEAD first), create-only
 * ({@code If-None-Match: *}, so two runs can never overwrite each other), with its sha256 for the
 * server to check (the whole object's when sent in one request, each part's when sent in parts),
 * and the stored object is checked (size, checksum, Skiff's digest) before success is reported.
 */
final class S3Storage implements Storage {

  private final S3AsyncClient client;
  private final S3TransferManager transfers;
  private final BucketLocation location;
  private final S3Settings settings;
  private final URI publicBase;

  S3Storage(S3AsyncClient client, S3TransferManager transfers, BucketLocation location, S3Settings settings, URI publicBase) {
    this.client = client;
    this.transfers = transfers;
    this.location = location;
    this.settings = settings;
    this.publicBase = publicBase;
  }

  @Override
  public Optional<StoredBlob> stat(BlobKey key) throws SkiffException, InterruptedException {
    return head(key).map(head -> new StoredBlob(key, head.contentLength()));
  }

  private Optional<HeadObjectResponse> head(BlobKey key) throws SkiffException, InterruptedException {
    CompletableFuture<HeadObjectResponse> head = client.headObject(r -> r.bucket(location.bucket())
        .key(location.key(key)).checksumMode(ChecksumMode.ENABLED));
    try {
      HeadObjectResponse response = await(head, describe(key), "checking");
      if (response.eTag() == null) {
        // Every S3 object has an ETag; an answer without one did not come from S3.
        throw new SkiffException("storage " + describe(key) + ": the endpoint answered something that is not S3"
            + " (an object without an ETag); check storage.s3.endpoint");
      }
      return Optional.of(response);
    } catch (SkiffException e) {
      if (S3Errors.isStatus(e.getCause(), 404)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public PutResult put(PutRequest request) throws SkiffException, InterruptedException {
    BlobKey key = request.key();
    Optional<HeadObjectResponse> existing = head(key);
    if (existing.isPresent()) {
      return new PutResult(checkStored(key, existing.get(), request.size()), false);
    }
    boolean singlePart = request.size() < settings.partSize();
    // The file is hashed again while it uploads: it must still have the digest it is stored under
    // (S3 checks a single request's sha256 itself; parts it checks only against themselves).
    CompletableFuture<FileHash> hashing = CompletableFuture.supplyAsync(() -> {
      try {
        return FileHash.of(request.file(), settings.partSize());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    PutObjectRequest.Builder put = PutObjectRequest.builder()
        .bucket(location.bucket())
        .key(location.key(key))
        .contentType(ObjectConventions.CONTENT_TYPE)
        .cacheControl(ObjectConventions.CACHE_CONTROL)
        .contentLength(request.size())
        .metadata(metadata(request))
        .ifNoneMatch("*");
    if (singlePart) {
      // The whole object's sha256, which the server checks before it stores anything. Naming the
      // algorithm too would tell some S3-compatible servers to expect a trailer and skip the check.
      put.checksumSHA256(base64(key));
    } else {
      // Each part's sha256, computed by the SDK as it sends the part, for the server to check.
      put.checksumAlgorithm(ChecksumAlgorithm.SHA256);
    }
    FileUpload upload = transfers.uploadFile(UploadFileRequest.builder()
        .putObjectRequest(put.build())
        .source(request.file())
        .addTransferListener(new TransferListener() {
          @Override
          public void bytesTransferred(Context.BytesTransferred context) {
            request.progress().progress(context.progressSnapshot().transferredBytes(), request.size());
          }
        })
        .build());
    try {
      await(upload.completionFuture(), describe(key), "storing");
    } catch (SkiffException e) {
      if (S3Errors.isStatus(e.getCause(), 412) || S3Errors.isStatus(e.getCause(), 409)) {
        // Another run stored the same digest meanwhile: its object is as good as ours would be.
        HeadObjectResponse theirs = head(key).orElseThrow(() -> e);
        return new PutResult(checkStored(key, theirs, request.size()), false);
      }
      throw e;
    }
    FileHash hash = await(hashing, describe(key), "hashing " + request.file());
    if (!hash.digest().equals(key.digest())) {
      // Only this run can have stored these bytes under this key; take them back.
      await(client.deleteObject(r -> r.bucket(location.bucket()).key(location.key(key))), describe(key),
          "removing the damaged object");
      throw new SkiffException("storage " + describe(key) + ": " + request.file() + " has " + hash.digest()
          + ", not the key's " + key.digest() + "; it changed after it was hashed, nothing was kept");
    }
    HeadObjectResponse stored = head(key).orElseThrow(() -> new SkiffException("storage " + describe(key)
        + ": the upload reported success, but the object is not there"));
    checkChecksum(key, stored, singlePart ? base64(key) : hash.composite());
    return new PutResult(checkStored(key, stored, request.size()), true);
  }

  /**
   * Compares the checksum the server computed with the one of the bytes Skiff meant to send: the
   * whole object's sha256, or the composite of its parts. Servers that record none are checked by
   * size only.
   */
  private void checkChecksum(BlobKey key, HeadObjectResponse stored, String expected) throws SkiffException {
    String actual = stored.checksumSHA256();
    if (actual != null && !actual.isEmpty() && !actual.equals(expected)
        && actual.contains("-") == expected.contains("-")) {
      throw new SkiffException("storage " + describe(key) + ": the stored object's checksum " + actual
          + " differs from the image's " + expected + "; the upload was damaged, remove the object by hand");
    }
  }

  /** Checks an object against the image: its size and the digest Skiff recorded with it. */
  private StoredBlob checkStored(BlobKey key, HeadObjectResponse head, long size) throws SkiffException {
    return ObjectConventions.check(key, describe(key), head.contentLength(), size,
        head.metadata() == null ? null : head.metadata().get(ObjectConventions.DIGEST_METADATA));
  }

  private <T> T await(CompletableFuture<T> future, String where, String doing)
      throws SkiffException, InterruptedException {
    return S3Calls.await(future, settings, location, where, doing);
  }


  /** Skiff's metadata, in the ASCII that HTTP headers carry. */
  private static Map<String, String> metadata(PutRequest request) {
    Map<String, String> metadata = new LinkedHashMap<>();
    ObjectConventions.metadata(request).forEach((name, value) -> metadata.put(name, ascii(value)));
    return metadata;
  }

  /** S3 metadata travels in HTTP headers, which carry ASCII only: percent-encode the rest. */
  static String ascii(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  private static String base64(BlobKey key) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(key.digest().hex()));
  }

  @Override
  public InputStream read(BlobKey key, long offset) throws SkiffException, InterruptedException {
    return await(client.getObject(r -> r.bucket(location.bucket()).key(location.key(key)).range("bytes=" + offset + "-"),
        AsyncResponseTransformer.toBlockingInputStream()), describe(key), "reading");
  }

  @Override
  public void list(Consumer<ListedObject> each) throws SkiffException, InterruptedException {
    // Multipart uploads a killed run left unfinished are not objects; a bucket lifecycle rule
    // (AbortIncompleteMultipartUpload, in the storage guide) removes them.
    S3Calls.listObjects(client, settings, location, "listing", object -> {
      String name = location.pathOf(object.key());
      each.accept(ListedObject.of(name, location.describe(name), object.size(), object.lastModified(),
          ListedObject.Kind.OTHER));
    });
  }

  @Override
  public void delete(ListedObject object) throws SkiffException, InterruptedException {
    await(client.deleteObject(r -> r.bucket(location.bucket()).key(location.key(object.name()))), object.where(),
        "deleting");
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
  public void close() {
    transfers.close();
    client.close();
  }
}
