package dev.skiff.storage.s3;

import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.StaticFiles;
import dev.skiff.support.FileDigests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * A static site in a bucket (an S3 website, or behind a CDN): one PUT per file, whole, with the
 * MD5 S3 checks before it stores anything, so readers get the old file or the new one. A single
 * PUT's ETag is its MD5, which tells an unchanged file from a changed one without reading it.
 */
final class S3StaticFiles implements StaticFiles {
  private final S3AsyncClient client;
  private final BucketLocation location;
  private final S3Settings settings;

  S3StaticFiles(S3AsyncClient client, BucketLocation location, S3Settings settings) {
    this.client = client;
    this.location = location;
    this.settings = settings;
  }

  @Override
  public Map<String, String> list() throws SkiffException, InterruptedException {
    Map<String, String> files = new TreeMap<>();
    S3Calls.listObjects(client, settings, location, "listing the site", object -> {
      String etag = object.eTag() == null ? "" : object.eTag().replace("\"", "");
      files.put(location.pathOf(object.key()), etag.matches("[0-9a-f]{32}") ? etag : "");
    });
    return files;
  }

  @Override
  public void put(String path, Path file, String contentType, String cacheControl)
      throws SkiffException, IOException, InterruptedException {
    String key = location.key(StaticFiles.checkPath(path));
    String md5 = FileDigests.md5Base64(file);
    S3Calls.await(client.putObject(r -> r.bucket(location.bucket()).key(key).contentType(contentType)
        .cacheControl(cacheControl).contentMD5(md5), AsyncRequestBody.fromFile(file)), settings, location,
        describe(path), "storing");
  }

  @Override
  public void delete(String path) throws SkiffException, InterruptedException {
    S3Calls.await(client.deleteObject(r -> r.bucket(location.bucket()).key(location.key(StaticFiles.checkPath(path)))),
        settings, location, describe(path), "removing");
  }

  @Override
  public String describe(String path) {
    return location.describe(path);
  }

  @Override
  public void close() {
    client.close();
  }
}
