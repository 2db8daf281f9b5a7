package dev.skiff.sif;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A validated SIF file: its header and objects. Object data is read from the file on demand.
 *
 * @param path the file
 * @param arch the header's architecture
 * @param uuid the image's UUID (all zero in reproducible builds)
 * @param created the header's creation time
 * @param objects the used objects, in descriptor order
 */
public record SifFile(Path path, SifArch arch, UUID uuid, Instant created, List<SifObject> objects) {

  /** Copies the list of objects. */
  public SifFile {
    objects = List.copyOf(objects);
  }

  /** Reads and validates {@code file}; see {@link SifReader}. */
  public static SifFile read(Path file) throws SifFormatException, IOException {
    return SifReader.read(file);
  }

  /** The one primary system partition, which runtimes mount as the root file system. */
  public SifObject primaryPartition() {
    return objects.stream()
        .filter(o -> o.partition().map(SifObject.Partition::isPrimarySystem).orElse(false))
        .findFirst()
        .orElseThrow(); // the reader guarantees exactly one
  }

  /** The recipe the image was built from, if the builder stored it. */
  public Optional<String> definition() throws IOException {
    Optional<SifObject> def = firstOf(SifDataType.DEFINITION_FILE);
    return def.isEmpty() ? Optional.empty() : Optional.of(readString(def.get()));
  }

  /** The generic JSON objects (such as {@code inspect-metadata.json}), as text. */
  public List<String> jsonObjects() throws IOException {
    var result = new ArrayList<String>();
    for (SifObject o : objects) {
      if (o.type() == SifDataType.GENERIC_JSON || o.type() == SifDataType.LABELS) {
        result.add(readString(o));
      }
    }
    return result;
  }

  /** The first object of a type, if the file has one. */
  public Optional<SifObject> firstOf(SifDataType type) {
    return objects.stream().filter(o -> o.type() == type).findFirst();
  }

  /** An object's data; for small objects (definitions, JSON), not for partitions. */
  public byte[] read(SifObject object) throws IOException {
    if (object.size() > Integer.MAX_VALUE - 8) {
      throw new IOException(path + ": object " + object.id() + " is too large to read into memory");
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate((int) object.size());
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, object.offset() + buffer.position()) < 0) {
          throw new IOException(path + ": object " + object.id() + " ends past the end of the file");
        }
      }
      return buffer.array();
    }
  }

  private String readString(SifObject object) throws IOException {
    return new String(read(object), StandardCharsets.UTF_8);
  }
}
