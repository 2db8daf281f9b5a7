package dev.skiff.signing;

import dev.skiff.sif.SifDataType;
import dev.skiff.sif.SifFile;
import dev.skiff.sif.SifIntegrity;
import dev.skiff.sif.SifObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A SIF file's object groups and the digests a signature over a group records, shared by the
 * signer and the checker so that both read an image the same way.
 */
final class SifGroups {
  private final SifFile file;
  private final SifIntegrity integrity;
  private final Map<Integer, List<SifObject>> groups;

  private SifGroups(SifFile file, SifIntegrity integrity) {
    this.file = file;
    this.integrity = integrity;
    this.groups = file.objects().stream()
        .filter(o -> o.groupId() != 0)
        .sorted(Comparator.comparingInt(SifObject::id))
        .collect(Collectors.groupingBy(SifObject::groupId, TreeMap::new, Collectors.toList()));
  }

  static SifGroups of(SifFile file) throws IOException {
    return new SifGroups(file, SifIntegrity.of(file));
  }

  SifFile file() {
    return file;
  }

  SifIntegrity integrity() {
    return integrity;
  }

  /** Each group's objects, by group id, in id order. */
  Map<Integer, List<SifObject>> groups() {
    return groups;
  }

  /** The signature objects. */
  List<SifObject> signatures() {
    return file.objects().stream().filter(o -> o.type() == SifDataType.SIGNATURE).toList();
  }

  /** The smallest object id in a group, which ids in a signature's metadata are relative to. */
  int minId(int group) {
    return groups.get(group).get(0).id();
  }

  /** The metadata a signature over a whole group records, with digests by {@code algorithm}. */
  ImageMetadata metadata(int group, String algorithm) throws IOException {
    List<ImageMetadata.SignedObject> objects = new java.util.ArrayList<>();
    for (SifObject object : groups.get(group)) {
      int relativeId = object.id() - minId(group);
      objects.add(new ImageMetadata.SignedObject(relativeId,
          digest(algorithm, integrity.descriptorFields(object, relativeId)), dataDigest(algorithm, object)));
    }
    return new ImageMetadata(digest(algorithm, integrity.headerFields()), objects);
  }

  ImageMetadata.ObjectDigest digest(String algorithm, byte[] bytes) {
    MessageDigest digest = newDigest(algorithm);
    return new ImageMetadata.ObjectDigest(algorithm, digest.digest(bytes));
  }

  /** The digest of an object's data, read from the file in pieces: a partition can be gigabytes. */
  ImageMetadata.ObjectDigest dataDigest(String algorithm, SifObject object) throws IOException {
    MessageDigest digest = newDigest(algorithm);
    try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ);
        InputStream in = Channels.newInputStream(channel.position(object.offset()))) {
      byte[] buffer = new byte[1 << 16];
      long left = object.size();
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException(file.path() + ": object " + object.id() + " ends past the end of the file");
        }
        digest.update(buffer, 0, n);
        left -= n;
      }
    }
    return new ImageMetadata.ObjectDigest(algorithm, digest.digest());
  }

  private static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(ImageMetadata.ObjectDigest.jdkName(algorithm));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }
}
