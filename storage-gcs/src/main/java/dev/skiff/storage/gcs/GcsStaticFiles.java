package dev.skiff.storage.gcs;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.StorageException;
import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.StaticFiles;
import dev.skiff.support.FileDigests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A static site in a Cloud Storage bucket (a bucket website, or behind a load balancer): each file
 * written whole with its MD5, which Cloud Storage checks before the new generation replaces the
 * old, and which it reports back for each object, telling changed files from unchanged ones.
 */
final class GcsStaticFiles implements StaticFiles {
  private final Storage gcs;
  private final BucketLocation location;

  GcsStaticFiles(Storage gcs, BucketLocation location) {
    this.gcs = gcs;
    this.location = location;
  }

  @Override
  public Map<String, String> list() throws SkiffException {
    Map<String, String> files = new TreeMap<>();
    GcsListing.forEach(gcs, location, "listing the site", blob -> files.put(location.pathOf(blob.getName()),
        blob.getMd5() == null ? "" : HexFormat.of().formatHex(Base64.getDecoder().decode(blob.getMd5()))));
    return files;
  }

  @Override
  @SuppressWarnings("deprecation") // md5Match: still how this client has the server check the MD5 it is sent
  public void put(String path, Path file, String contentType, String cacheControl) throws SkiffException, IOException {
    BlobInfo info = BlobInfo.newBuilder(BlobId.of(location.bucket(), location.key(StaticFiles.checkPath(path))))
        .setContentType(contentType)
        .setCacheControl(cacheControl)
        .setMd5(FileDigests.md5Base64(file))
        .build();
    try {
      gcs.createFrom(info, file, BlobWriteOption.md5Match());
    } catch (StorageException e) {
      throw GcsErrors.translate(e, location, describe(path), "storing");
    }
  }

  @Override
  public void delete(String path) throws SkiffException {
    try {
      gcs.delete(BlobId.of(location.bucket(), location.key(StaticFiles.checkPath(path))));
    } catch (StorageException e) {
      throw GcsErrors.translate(e, location, describe(path), "removing");
    }
  }

  @Override
  public String describe(String path) {
    return location.describe(path);
  }

  @Override
  public void close() throws IOException {
    GcsStorageFactory.close(gcs);
  }
}
