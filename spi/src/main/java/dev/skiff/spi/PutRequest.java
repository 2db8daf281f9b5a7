package dev.skiff.spi;

import java.nio.file.Path;
import java.util.Map;

/**
 * A file to store under its content address.
 *
 * @param key where it goes; its digest is the sha256 the stored bytes must have
 * @param file the image on disk
 * @param size the file's size in bytes
 * @param metadata Skiff's provenance (source repository, commit, tag, recipe) for object metadata
 * @param progress told how many bytes were sent
 */
public record PutRequest(
    BlobKey key, Path file, long size, Map<String, String> metadata, ProgressListener progress) {

  /** Checks that the size is not negative and the components are given. */
  public PutRequest {
    metadata = Map.copyOf(metadata);
  }
}
