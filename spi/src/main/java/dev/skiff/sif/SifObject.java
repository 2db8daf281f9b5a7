package dev.skiff.sif;

import java.util.Optional;

/**
 * One data object of a SIF file, as its descriptor describes it.
 *
 * @param id the object's id (index + 1)
 * @param type its data type
 * @param groupId its group (1 for the objects the build tools write), 0 for none
 * @param linkedId the object or group it refers to, 0 for none
 * @param offset where its data starts in the file
 * @param size its data's size in bytes
 * @param name its name, such as {@code inspect-metadata.json}
 * @param partition the partition fields, for partitions
 */
public record SifObject(
    int id,
    SifDataType type,
    int groupId,
    int linkedId,
    long offset,
    long size,
    String name,
    Optional<Partition> partition) {

  /** Partition fields: fs type (1 squashfs), partition type (2 primary system) and arch. */
  public record Partition(int fsType, int partitionType, SifArch arch) {
    /** The file system code of a squashfs partition. */
    public static final int FS_SQUASHFS = 1;
    /** The partition type code of the primary system partition, the container's root. */
    public static final int TYPE_PRIMARY_SYSTEM = 2;

    /** Whether this object is the primary system partition, the file system a container runs. */
    public boolean isPrimarySystem() {
      return partitionType == TYPE_PRIMARY_SYSTEM;
    }
  }
}
