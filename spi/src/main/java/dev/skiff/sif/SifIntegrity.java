package dev.skiff.sif;

import static dev.skiff.sif.SifLayout.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The fields of a SIF file that Apptainer's signatures cover, read as the sylabs/sif {@code
 * integrity} package reads them, and the one change Skiff makes to a finished image: appending a
 * signature object.
 *
 * <p>A signature covers the header's launch script, magic, version and UUID, and of each signed
 * object its descriptor (type, used flag, id relative to the group's first object, link, size,
 * creation time, uid, gid, name and extra fields; not its offset or modification time, so that
 * appending signatures keeps the earlier ones valid) and its data.
 */
public final class SifIntegrity {
  /** The signature descriptor's hash type for SHA-256, the one Apptainer writes. */
  public static final int HASH_SHA256 = 1;
  /** Bytes of the signer's fingerprint in a signature descriptor (an OpenPGP v4 fingerprint). */
  public static final int FINGERPRINT_SIZE = 20;
  private static final int ENTITY_SIZE = 256;
  private static final int LAUNCH_SCRIPT_SIZE = 32;
  private static final int UUID_SIZE = 16;

  private final SifFile file;
  private final ByteBuffer header;
  private final ByteBuffer descriptors;

  private SifIntegrity(SifFile file, ByteBuffer header, ByteBuffer descriptors) {
    this.file = file;
    this.header = header;
    this.descriptors = descriptors;
  }

  /**
   * A signature object's descriptor fields.
   *
   * @param hashType the hash type code ({@link #HASH_SHA256})
   * @param fingerprint the signer's primary key fingerprint, as the descriptor records it
   * @param linkedGroup the object group it signs; empty when it is linked to a single object
   */
  public record SignatureFields(int hashType, byte[] fingerprint, Optional<Integer> linkedGroup) {
    /** Copies the fingerprint. */
    public SignatureFields {
      fingerprint = fingerprint.clone();
    }

    /** The fingerprint's bytes, a copy. */
    @Override
    public byte[] fingerprint() {
      return fingerprint.clone();
    }
  }

  /** Reads the header and descriptors of a file {@link SifFile#read} validated. */
  public static SifIntegrity of(SifFile file) throws IOException {
    try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
      ByteBuffer header = SifReader.readAt(channel, 0, HEADER_SIZE);
      long total = header.getLong(H_DESCR_TOTAL);
      return new SifIntegrity(file, header, SifReader.readAt(channel, header.getLong(H_DESCR_OFFSET),
          Math.toIntExact(total * DESCRIPTOR_SIZE)));
    }
  }

  /** The header fields a signature covers: launch script, magic, version and UUID. */
  public byte[] headerFields() {
    ByteBuffer fields = ByteBuffer.allocate(LAUNCH_SCRIPT_SIZE + MAGIC.length + VERSION.length + UUID_SIZE);
    fields.put(header.slice(0, LAUNCH_SCRIPT_SIZE));
    fields.put(header.slice(H_MAGIC, MAGIC.length));
    fields.put(header.slice(H_VERSION, VERSION.length));
    fields.put(header.slice(H_UUID, UUID_SIZE));
    return fields.array();
  }

  /**
   * The descriptor fields a signature covers for one object.
   *
   * @param object an object of this file
   * @param relativeId its id minus the smallest id in its group
   */
  public byte[] descriptorFields(SifObject object, int relativeId) {
    ByteBuffer d = descriptorOf(object);
    ByteBuffer fields = ByteBuffer.allocate(4 + 1 + 4 + 4 + 8 * 4 + NAME_SIZE + EXTRA_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    fields.putInt(d.getInt(D_TYPE)).put(d.get(D_USED)).putInt(relativeId).putInt(d.getInt(D_LINK))
        .putLong(d.getLong(D_SIZE)).putLong(d.getLong(D_CREATED)).putLong(d.getLong(D_UID)).putLong(d.getLong(D_GID));
    fields.put(d.slice(D_NAME, NAME_SIZE)).put(d.slice(D_EXTRA, EXTRA_SIZE));
    return fields.array();
  }

  /** A signature object's fields; empty for an object of another type. */
  public Optional<SignatureFields> signatureFields(SifObject object) {
    if (object.type() != SifDataType.SIGNATURE) {
      return Optional.empty();
    }
    ByteBuffer d = descriptorOf(object);
    int link = d.getInt(D_LINK);
    byte[] fingerprint = new byte[FINGERPRINT_SIZE];
    d.get(D_EXTRA + 4, fingerprint);
    return Optional.of(new SignatureFields(d.getInt(D_EXTRA), fingerprint,
        (link & GROUP_MASK) == GROUP_MASK ? Optional.of(link & ~GROUP_MASK) : Optional.empty()));
  }

  private ByteBuffer descriptorOf(SifObject object) {
    long total = header.getLong(H_DESCR_TOTAL);
    for (int i = 0; i < total; i++) {
      ByteBuffer d = descriptors.slice(i * DESCRIPTOR_SIZE, DESCRIPTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
      if (d.get(D_USED) != 0 && d.getInt(D_ID) == object.id()) {
        return d;
      }
    }
    throw new IllegalArgumentException(file.path() + " has no object " + object.id());
  }

  /**
   * Appends a signature object for one object group, as the sylabs/sif library's signer adds it:
   * in no group, linked to the group, right after the last object (signatures need no alignment),
   * in the first unused descriptor; the header's free count, data size and modification time follow.
   * The descriptor's times and the header's modification time are {@code time}, so that signing an
   * image again with the same key and time gives the same bytes.
   *
   * @param target a file {@link SifFile#read} validated, changed in place
   * @param groupId the signed group (1 for the objects the build tools write)
   * @param hashType the hash the signature's metadata uses ({@link #HASH_SHA256})
   * @param fingerprint the signer's primary key fingerprint ({@value #FINGERPRINT_SIZE} bytes)
   * @param signature the clear-signed message
   * @throws SifFormatException when the file has no free descriptor left
   */
  public static void appendSignature(Path target, int groupId, int hashType, byte[] fingerprint, byte[] signature,
      Instant time) throws IOException, SifFormatException {
    if (fingerprint.length > ENTITY_SIZE) {
      throw new IllegalArgumentException("a fingerprint has at most " + ENTITY_SIZE + " bytes");
    }
    try (FileChannel channel = FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer header = SifReader.readAt(channel, 0, HEADER_SIZE);
      long free = header.getLong(H_DESCR_FREE);
      long total = header.getLong(H_DESCR_TOTAL);
      long descriptorsOffset = header.getLong(H_DESCR_OFFSET);
      ByteBuffer all = SifReader.readAt(channel, descriptorsOffset, Math.toIntExact(total * DESCRIPTOR_SIZE));
      int index = 0;
      while (index < total && all.get(index * DESCRIPTOR_SIZE + D_USED) != 0) {
        index++;
      }
      if (index == total || free <= 0) {
        throw new SifFormatException(target, "all " + total + " descriptors are used; there is no room for a signature");
      }
      long dataEnd = header.getLong(H_DATA_OFFSET) + header.getLong(H_DATA_SIZE);
      long seconds = time.getEpochSecond();
      ByteBuffer d = ByteBuffer.allocate(DESCRIPTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
      d.putInt(D_TYPE, SifDataType.SIGNATURE.code());
      d.put(D_USED, (byte) 1);
      d.putInt(D_ID, index + 1);
      d.putInt(D_GROUP, GROUP_MASK);
      d.putInt(D_LINK, GROUP_MASK | groupId);
      d.putLong(D_OFFSET, dataEnd);
      d.putLong(D_SIZE, signature.length);
      d.putLong(D_SIZE_WITH_PADDING, signature.length);
      d.putLong(D_CREATED, seconds);
      d.putLong(D_MODIFIED, seconds);
      d.putInt(D_EXTRA, hashType);
      d.put(D_EXTRA + 4, fingerprint);
      // Data first, then the descriptor, then the header: a file cut short in between still reads
      // as the image it was, with some bytes after its last object.
      SifWriter.writeFully(channel, ByteBuffer.wrap(signature), dataEnd);
      SifWriter.writeFully(channel, d.rewind(), descriptorsOffset + (long) index * DESCRIPTOR_SIZE);
      header.putLong(H_DESCR_FREE, free - 1);
      header.putLong(H_DATA_SIZE, header.getLong(H_DATA_SIZE) + signature.length);
      header.putLong(H_MODIFIED, seconds);
      SifWriter.writeFully(channel, header.rewind(), 0);
      channel.truncate(dataEnd + signature.length);
      channel.force(true);
    }
  }

}
