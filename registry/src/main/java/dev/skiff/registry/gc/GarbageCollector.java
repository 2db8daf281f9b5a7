package dev.skiff.registry.gc;

import dev.skiff.registry.RegistryRepository;
import dev.skiff.spi.ListedObject;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.support.FileTrees;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * {@code skiff gc}: mark every image the registry repository refers to, then sweep the storage's
 * blobs that nothing refers to and that are older than the grace period. The mark is finished
 * before anything is listed, so a registry that cannot be read deletes nothing.
 */
public final class GarbageCollector {
  private GarbageCollector() {}

  /**
   * @param storage the store the registry's blobs are in
   * @param progress told of each object as it is deleted (or, on a dry run, would be)
   */
  public static GcReport collect(GcRequest request, Storage storage, Consumer<ListedObject> progress)
      throws SkiffException, IOException, InterruptedException {
    ReferencedImages.Marks marks = mark(request);
    Sorting sorting = new Sorting(marks, request.now().minus(request.grace()));
    storage.list(sorting::sort);
    List<ListedObject> candidates = sorting.candidates;
    if (marks.digests().isEmpty() && candidates.stream().anyMatch(object -> object.kind() == ListedObject.Kind.BLOB)) {
      // A registry that refers to no image at all is far more likely the wrong repository, or an
      // empty clone, than a registry whose every image should go.
      throw new SkiffException("registry " + RegistryRepository.nameOf(request.registry())
          + ": refers to no image at all; not sweeping " + storage + " against it (is it the right registry?)");
    }
    for (ListedObject object : candidates) {
      if (request.delete()) {
        storage.delete(object);
      }
      progress.accept(object);
    }
    return new GcReport(marks.refs(), marks.commits(), marks.digests().size(), List.copyOf(candidates),
        sorting.referenced, sorting.young, sorting.others, request.delete());
  }

  private static ReferencedImages.Marks mark(GcRequest request) throws SkiffException {
    Path clone;
    try {
      clone = Files.createTempDirectory("skiff-gc-");
    } catch (IOException e) {
      throw new SkiffException("cannot create a temporary folder: " + IoMessages.describe(e), e);
    }
    String name = RegistryRepository.nameOf(request.registry());
    try (Repository repository = RegistryRepository.openOrClone(request.registry(), clone,
        RegistryRepository.OPEN_CHANGES);
        RevWalk walk = new RevWalk(repository)) {
      ReferencedImages.Marks marks = ReferencedImages.mark(repository, request.history().map(request.now()::minus));
      if (marks.digests().isEmpty()) {
        // Nothing referenced: an empty registry (its rules say so), or no registry at all, whose every blob
        // would be taken for garbage.
        RegistryRepository.requireRegistry(repository,
            walk.parseCommit(RegistryRepository.defaultBranch(repository, Path.of(name)).getObjectId()), name);
      }
      return marks;
    } catch (IOException e) {
      throw new SkiffException("registry " + name + ": cannot read it: "
          + IoMessages.describe(e), e);
    } finally {
      FileTrees.deleteQuietly(clone);
    }
  }

  /** Sorts what the storage lists into what stays, and why, and what may go. */
  private static final class Sorting {
    private final ReferencedImages.Marks marks;
    private final Instant youngAfter;
    private final List<ListedObject> candidates = new ArrayList<>();
    private GcReport.Count referenced = GcReport.Count.NONE;
    private GcReport.Count young = GcReport.Count.NONE;
    private GcReport.Count others = GcReport.Count.NONE;

    Sorting(ReferencedImages.Marks marks, Instant youngAfter) {
      this.marks = marks;
      this.youngAfter = youngAfter;
    }

    void sort(ListedObject object) {
      if (object.kind() == ListedObject.Kind.OTHER) {
        others = others.plus(object);
      } else if (object.blob().filter(key -> marks.digests().contains(key.digest().hex())).isPresent()) {
        referenced = referenced.plus(object);
      } else if (object.modified().isAfter(youngAfter)) {
        young = young.plus(object);
      } else {
        candidates.add(object);
      }
    }
  }
}
