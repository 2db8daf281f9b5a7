package dev.skiff.spi;

import java.io.IOException;

/**
 * Records manifests in the registry. A publisher changes only the request's namespace, writes
 * all of a run's manifests or none of them, and changes nothing when nothing changed.
 */
public interface Publisher extends AutoCloseable {

  PublishResult publish(PublishRequest request) throws SkiffException, IOException, InterruptedException;

  @Override
  default void close() throws IOException {}
}
