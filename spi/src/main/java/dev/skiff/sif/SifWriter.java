package dev.skiff.sif;

import static dev.skiff.sif.SifLayout.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes a SIF file the way the build tools lay it out: the definition file, optional JSON
 * metadata, then the primary squashfs partition, all in group 1. With a fixed time (the
 * {@code SOURCE_DATE_EPOCH} convention) the UUID is zero and every timestamp is that time, so the
 * same inputs always give the same bytes.
 *
 * <pre>{@code
 * SifWriter.create(Optional.of(sourceDate))
 *     .definition(recipeText)
 *     .json("inspect-metadata.json", metadata)
 *     .primaryPartition(squashfs, SifArch.AMD64)
 *     .write(target);
 * }</pre>
 */
public final class SifWriter {
  private static final int GROUP_1 = GROUP_MASK | 1;

  private final Optional<Instant> fixedTime;
  private final List<Input> inputs = new ArrayList<>();
  private Path partition;
  private SifArch arch = SifArch.UNKNOWN;

  private SifWriter(Optional<Instant> fixedTime) {
    this.fixedTime = Objects.requireNonNull(fixedTime);
  }

  /** @param fixedTime the time of a reproducible image; empty for the current time and a random UUID */
  public static SifWriter create(Optional<Instant> fixedTime) {
    return new SifWriter(fixedTime);
  }

  /**
   * Adds the recipe the image was built from, as its definition object.
   *
   * @param recipeText the recipe's text
   * @return this writer
   */
  public SifWriter definition(String recipeText) {
    inputs.add(new Input(SifDataType.DEFINITION_FILE, "", recipeText.getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  /**
   * Adds a generic JSON object, such as labels.
   *
   * @param name the object's name
   * @param json its bytes
   * @return this writer
   */
  public SifWriter json(String name, byte[] json) {
    inputs.add(new Input(SifDataType.GENERIC_JSON, name, json.clone()));
    return this;
  }

  /** The squashfs root file system, copied from {@code squashfs} when the file is written. */
  public SifWriter primaryPartition(Path squashfs, SifArch arch) {
    this.partition = Objects.requireNonNull(squashfs);
    this.arch = Objects.requireNonNull(arch);
    return this;
  }

  /** Writes the image to {@code target}, replacing it. */
  public void write(Path target) throws IOException {
    if (partition == null) {
      throw new IllegalStateException("a SIF image needs a primary partition");
    }
    long time = fixedTime.orElseGet(Instant::now).getEpochSecond();
    UUID uuid = fixedTime.isPresent() ? new UUID(0, 0) : UUID.randomUUID();
    long dataOffset = DESCRIPTORS_OFFSET + (long) DEFAULT_DESCRIPTORS * DESCRIPTOR_SIZE;
    int objectCount = inputs.size() + 1;
    if (objectCount > DEFAULT_DESCRIPTORS) {
      throw new IllegalStateException("at most " + DEFAULT_DESCRIPTORS + " objects");
    }
    ByteBuffer descriptors = ByteBuffer.allocate(DEFAULT_DESCRIPTORS * DESCRIPTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    long cursor = dataOffset;
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int i = 0; i < inputs.size(); i++) {
        Input input = inputs.get(i);
        writeFully(out, ByteBuffer.wrap(input.data()), cursor);
        descriptor(descriptors, i, input.type(), input.name(), cursor, input.data().length, 0, time);
        cursor += input.data().length;
      }
      long partitionSize = Files.size(partition);
      long partitionOffset = alignUp(cursor, PARTITION_ALIGNMENT);
      descriptor(descriptors, inputs.size(), SifDataType.PARTITION, "", partitionOffset, partitionSize,
          partitionOffset - cursor, time);
      ByteBuffer extra = descriptors.slice(inputs.size() * DESCRIPTOR_SIZE + D_EXTRA, EXTRA_SIZE)
          .order(ByteOrder.LITTLE_ENDIAN);
      extra.putInt(SifObject.Partition.FS_SQUASHFS).putInt(SifObject.Partition.TYPE_PRIMARY_SYSTEM)
          .put(cString(arch.code(), 3));
      copyPartition(out, partitionOffset, partitionSize);
      cursor = partitionOffset + partitionSize;
      writeFully(out, descriptors.rewind(), DESCRIPTORS_OFFSET);
      writeFully(out, header(arch, uuid, time, objectCount, dataOffset, cursor - dataOffset), 0);
      out.truncate(cursor);
      out.force(true);
    }
  }

  private void copyPartition(FileChannel out, long offset, long size) throws IOException {
    try (FileChannel in = FileChannel.open(partition, StandardOpenOption.READ)) {
      long copied = 0;
      while (copied < size) {
        long n = in.transferTo(copied, size - copied, out.position(offset + copied));
        if (n <= 0) {
          throw new IOException(partition + " shrank while it was being copied");
        }
        copied += n;
      }
    }
  }

  private static void descriptor(ByteBuffer all, int index, SifDataType type, String name, long offset, long size,
      long padding, long time) {
    ByteBuffer d = all.slice(index * DESCRIPTOR_SIZE, DESCRIPTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    d.putInt(D_TYPE, type.code());
    d.put(D_USED, (byte) 1);
    d.putInt(D_ID, index + 1);
    d.putInt(D_GROUP, GROUP_1);
    d.putInt(D_LINK, 0);
    d.putLong(D_OFFSET, offset);
    d.putLong(D_SIZE, size);
    d.putLong(D_SIZE_WITH_PADDING, padding + size);
    d.putLong(D_CREATED, time);
    d.putLong(D_MODIFIED, time);
    d.put(D_NAME, cString(name, NAME_SIZE));
  }

  private static ByteBuffer header(SifArch arch, UUID uuid, long time, int used, long dataOffset, long dataSize) {
    ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    h.put(0, cString(LAUNCH_SCRIPT, 32));
    h.put(H_MAGIC, MAGIC);
    h.put(H_VERSION, VERSION);
    h.put(H_ARCH, cString(arch.code(), 3));
    h.order(ByteOrder.BIG_ENDIAN).putLong(H_UUID, uuid.getMostSignificantBits())
        .putLong(H_UUID + 8, uuid.getLeastSignificantBits()).order(ByteOrder.LITTLE_ENDIAN);
    h.putLong(H_CREATED, time);
    h.putLong(H_MODIFIED, time);
    h.putLong(H_DESCR_FREE, DEFAULT_DESCRIPTORS - used);
    h.putLong(H_DESCR_TOTAL, DEFAULT_DESCRIPTORS);
    h.putLong(H_DESCR_OFFSET, DESCRIPTORS_OFFSET);
    h.putLong(H_DESCR_SIZE, (long) DEFAULT_DESCRIPTORS * DESCRIPTOR_SIZE);
    h.putLong(H_DATA_OFFSET, dataOffset);
    h.putLong(H_DATA_SIZE, dataSize);
    return h;
  }

  private static byte[] cString(String text, int size) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length >= size) {
      throw new IllegalArgumentException("'" + text + "' does not fit in " + size + " bytes");
    }
    byte[] padded = new byte[size];
    System.arraycopy(bytes, 0, padded, 0, Math.min(bytes.length, size));
    return padded;
  }

  static void writeFully(FileChannel out, ByteBuffer data, long position) throws IOException {
    while (data.hasRemaining()) {
      position += out.write(data, position);
    }
  }

  private static long alignUp(long value, long alignment) {
    return (value + alignment - 1) / alignment * alignment;
  }

  private record Input(SifDataType type, String name, byte[] data) {}
}
