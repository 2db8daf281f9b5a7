package dev.skiff.sif;

import static dev.skiff.sif.SifLayout.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a SIF file's header and descriptors and checks what a runtime needs to run it: the magic
 * and version, descriptors and objects inside the file, and exactly one primary system partition
 * that (for squashfs) starts with the squashfs magic.
 */
final class SifReader {
  // Far above any real image; bounds the descriptor array we are willing to read.
  private static final long MAX_DESCRIPTORS = 65_536;

  private SifReader() {}

  static SifFile read(Path file) throws SifFormatException, IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long length = channel.size();
      if (length < MIN_FILE_SIZE) {
        throw new SifFormatException(file, "only " + length + " bytes, a SIF file has at least " + MIN_FILE_SIZE);
      }
      ByteBuffer header = readAt(channel, 0, HEADER_SIZE);
      if (!Arrays.equals(slice(header, H_MAGIC, MAGIC.length), MAGIC)) {
        throw new SifFormatException(file, "no SIF_MAGIC at offset " + H_MAGIC);
      }
      if (!Arrays.equals(slice(header, H_VERSION, VERSION.length), VERSION)) {
        throw new SifFormatException(file, "unsupported version '" + ascii(header, H_VERSION, 2) + "', expected 01");
      }
      SifArch arch = arch(file, ascii(header, H_ARCH, 2), "header");
      long free = header.getLong(H_DESCR_FREE);
      long total = header.getLong(H_DESCR_TOTAL);
      long descOffset = header.getLong(H_DESCR_OFFSET);
      long descSize = header.getLong(H_DESCR_SIZE);
      if (total <= 0 || total > MAX_DESCRIPTORS || free < 0 || free >= total) {
        throw new SifFormatException(file, "descriptor counts out of range (free " + free + ", total " + total + ")");
      }
      if (descOffset < HEADER_SIZE || descSize < total * DESCRIPTOR_SIZE
          || descOffset + total * DESCRIPTOR_SIZE > length) {
        throw new SifFormatException(file, "descriptor array (offset " + descOffset + ", size " + descSize
            + ") does not fit in the file's " + length + " bytes");
      }
      ByteBuffer descriptors = readAt(channel, descOffset, (int) (total * DESCRIPTOR_SIZE));
      List<SifObject> objects = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        ByteBuffer d = descriptors.slice(i * DESCRIPTOR_SIZE, DESCRIPTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        if (d.get(D_USED) != 0) {
          objects.add(descriptor(file, d, i, length));
        }
      }
      checkPrimaryPartition(file, channel, objects);
      long[] uuid = {header.order(ByteOrder.BIG_ENDIAN).getLong(H_UUID), header.getLong(H_UUID + 8)};
      header.order(ByteOrder.LITTLE_ENDIAN);
      long created = header.getLong(H_CREATED);
      if (created < Instant.MIN.getEpochSecond() || created > Instant.MAX.getEpochSecond()) {
        throw new SifFormatException(file, "creation time " + created + " is not a time (seconds since 1970)");
      }
      return new SifFile(file, arch, new UUID(uuid[0], uuid[1]), Instant.ofEpochSecond(created), objects);
    }
  }

  private static SifObject descriptor(Path file, ByteBuffer d, int index, long length) throws SifFormatException {
    int code = d.getInt(D_TYPE);
    SifDataType type = SifDataType.ofCode(code).orElseThrow(() ->
        new SifFormatException(file, "descriptor " + (index + 1) + " has unknown data type 0x" + Integer.toHexString(code)));
    long offset = d.getLong(D_OFFSET);
    long size = d.getLong(D_SIZE);
    if (offset < 0 || size < 0 || offset + size > length || offset + size < offset) {
      throw new SifFormatException(file, "object " + (index + 1) + " (" + type.label() + ") at " + offset
          + " with " + size + " bytes lies outside the file's " + length + " bytes");
    }
    Optional<SifObject.Partition> partition = Optional.empty();
    if (type == SifDataType.PARTITION) {
      partition = Optional.of(new SifObject.Partition(d.getInt(D_EXTRA), d.getInt(D_EXTRA + 4),
          arch(file, ascii(d, D_EXTRA + 8, 2), "partition " + (index + 1))));
    }
    return new SifObject(d.getInt(D_ID), type, d.getInt(D_GROUP) & ~GROUP_MASK, d.getInt(D_LINK) & ~GROUP_MASK,
        offset, size, cString(d, D_NAME, NAME_SIZE), partition);
  }

  private static void checkPrimaryPartition(Path file, FileChannel channel, List<SifObject> objects)
      throws SifFormatException, IOException {
    List<SifObject> primaries = objects.stream()
        .filter(o -> o.partition().map(SifObject.Partition::isPrimarySystem).orElse(false))
        .toList();
    if (primaries.size() != 1) {
      throw new SifFormatException(file, primaries.isEmpty()
          ? "no primary system partition"
          : primaries.size() + " primary system partitions, a runtime needs exactly one");
    }
    SifObject primary = primaries.get(0);
    if (primary.partition().orElseThrow().fsType() == SifObject.Partition.FS_SQUASHFS) {
      if (primary.size() < SQUASHFS_COMPRESSION_OFFSET + 2) {
        throw new SifFormatException(file, "primary partition too small for a squashfs superblock");
      }
      ByteBuffer superblock = readAt(channel, primary.offset(), SQUASHFS_COMPRESSION_OFFSET + 2);
      if (!Arrays.equals(slice(superblock, 0, 4), SQUASHFS_MAGIC)) {
        throw new SifFormatException(file, "primary partition at " + primary.offset() + " is not squashfs (no hsqs magic)");
      }
      int compression = Short.toUnsignedInt(superblock.getShort(SQUASHFS_COMPRESSION_OFFSET));
      if (compression < 1 || compression > 6) {
        throw new SifFormatException(file, "primary partition has unknown squashfs compression " + compression);
      }
    }
  }

  private static SifArch arch(Path file, String code, String where) throws SifFormatException {
    return SifArch.ofCode(code).orElseThrow(() ->
        new SifFormatException(file, where + " has unknown architecture code '" + code + "'"));
  }

  static ByteBuffer readAt(FileChannel channel, long position, int size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("unexpected end of file at " + (position + buffer.position()));
      }
    }
    return buffer.flip();
  }

  private static byte[] slice(ByteBuffer buffer, int offset, int length) {
    byte[] bytes = new byte[length];
    buffer.get(offset, bytes);
    return bytes;
  }

  private static String ascii(ByteBuffer buffer, int offset, int length) {
    return new String(slice(buffer, offset, length), StandardCharsets.US_ASCII);
  }

  private static String cString(ByteBuffer buffer, int offset, int max) {
    byte[] bytes = slice(buffer, offset, max);
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
