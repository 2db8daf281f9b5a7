package dev.skiff.internal.pipeline;

import dev.skiff.internal.plugin.PluginCall;
import dev.skiff.internal.plugin.PluginRole;
import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.ProgressListener;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.PutResult;
import dev.skiff.spi.BuildException;
import dev.skiff.spi.StorageException;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StoredBlob;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a built image under its content address. A local image is hashed and uploaded (the
 * storage skips it when already present); an image a remote builder already stored is checked to
 * be there with the size it reported.
 */
final class StoreStep {
  private final Storage storage;
  private final PluginRole plugin;
  private final Namespace namespace;
  private final BuildResult image;
  private final Map<String, String> metadata;
  private final ProgressListener progress;

  StoreStep(Storage storage, PluginRole plugin, Namespace namespace, BuildResult image,
      Map<String, String> metadata, ProgressListener progress) {
    this.storage = storage;
    this.plugin = plugin;
    this.namespace = namespace;
    this.image = image;
    this.metadata = metadata;
    this.progress = progress;
  }

  ImageInStorage call() throws SkiffException, InterruptedException {
    if (image instanceof BuildResult.StoredImage stored) {
      Optional<StoredBlob> blob = PluginCall.call(plugin, "checking " + stored.key(), () -> storage.stat(stored.key()));
      if (blob.isEmpty() || blob.get().size() != stored.size()) {
        throw new StorageException("the builder reported " + storage.describe(stored.key()) + " with " + stored.size()
            + " bytes, but storage holds " + blob.map(b -> b.size() + " bytes").orElse("nothing") + " there");
      }
      return new ImageInStorage(stored.key(), stored.size(), storage.publicUrl(stored.key()), false);
    }
    var local = ((BuildResult.LocalImage) image).file();
    BlobKey key;
    long size;
    try {
      size = Files.size(local);
      key = new BlobKey(namespace, Digest.sha256(local));
    } catch (IOException e) {
      throw new BuildException("cannot read the built image " + local + ": " + e.getMessage(), e);
    }
    PutResult put = PluginCall.call(plugin, "storing " + key,
        () -> storage.put(new PutRequest(key, local, size, metadata, progress)));
    if (put == null || put.blob().size() != size) {
      throw new StorageException(plugin + " reported " + storage.describe(key) + " with "
          + (put == null ? "no result" : put.blob().size() + " bytes") + " after storing " + size + " bytes");
    }
    return new ImageInStorage(key, size, storage.publicUrl(key), put.uploaded());
  }
}
