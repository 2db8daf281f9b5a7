package dev.skiff.spi;

import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import java.io.IOException;
import java.util.List;

/**
 * Records manifests in the registry. A publisher changes only the request's namespace, writes
 * all of a run's manifests or none of them, and changes nothing when nothing changed.
 */
public interface Publisher extends AutoCloseable {

  /**
   * Publishes the manifests of one namespace: all of them or, on a failure, none.
   *
   * @param request the namespace, its manifests and the source they were built from
   * @return what was published and where (a commit, a pull request)
   * @throws SkiffException when the registry refuses or cannot be reached; nothing is half-published
   * @throws IOException when reading or writing the registry fails
   * @throws InterruptedException when the run is stopped
   */
  PublishResult publish(PublishRequest request) throws SkiffException, IOException, InterruptedException;

  /**
   * The manifests the registry holds for {@code namespace} where this publisher's next change
   * would go (the namespace's open update branch, else the default branch): how a run tells which
   * images are unchanged and need no build. Publishers that cannot read the registry keep this
   * default, and every recipe is built.
   */
  default List<Manifest> published(Namespace namespace) throws SkiffException, IOException, InterruptedException {
    return List.of();
  }

  @Override
  default void close() throws IOException {}
}
