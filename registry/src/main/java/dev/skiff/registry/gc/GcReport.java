package dev.skiff.registry.gc;

import dev.skiff.spi.ListedObject;
import java.util.List;

/**
 * What {@code skiff gc} found and did.
 *
 * @param refs the registry's branches and tags it read
 * @param commits the commits whose files it read
 * @param referencedDigests how many distinct sha256 the registry mentions
 * @param swept the objects deleted, or that would be on a dry run
 * @param referenced blobs kept because the registry refers to them
 * @param young objects kept because they are younger than the grace period
 * @param others objects that are not Skiff's, never touched
 * @param deleted whether {@link #swept} were deleted, not only listed
 */
public record GcReport(List<String> refs, int commits, int referencedDigests, List<ListedObject> swept,
    Count referenced, Count young, Count others, boolean deleted) {

  /** A number of objects and their bytes. */
  public record Count(long objects, long bytes) {
    static final Count NONE = new Count(0, 0);

    Count plus(ListedObject object) {
      return new Count(objects + 1, bytes + object.size());
    }
  }

  /** How many bytes the swept blobs held. */
  public long sweptBytes() {
    return swept.stream().mapToLong(ListedObject::size).sum();
  }
}
