package dev.skiff.signing;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an Apptainer signature signs: digests of the SIF header's protected fields and of each
 * signed object's descriptor and data, as the sylabs/sif integrity package's JSON (version 1)
 * writes them: {@code {"version":1,"header":{"digest":"sha256:..."},"objects":[{"relativeId":0,
 * "descriptorDigest":"sha256:...","objectDigest":"sha256:..."}]}}.
 *
 * @param header the digest of the header's protected fields
 * @param objects the signed objects, by id relative to their group's first object
 */
record ImageMetadata(ObjectDigest header, List<SignedObject> objects) {
  private static final int VERSION = 1;

  ImageMetadata {
    objects = List.copyOf(objects);
  }

  /** One signed object's digests. */
  record SignedObject(int relativeId, ObjectDigest descriptor, ObjectDigest data) {}

  /**
   * A digest as the metadata writes it, {@code ALGORITHM:HEX}.
   *
   * @param algorithm the metadata's name for it: sha224, sha256, sha384, sha512, sha512_224 or sha512_256
   * @param value the digest's bytes
   */
  record ObjectDigest(String algorithm, byte[] value) {
    private static final Map<String, String> JDK_NAMES = Map.of("sha224", "SHA-224", "sha256", "SHA-256",
        "sha384", "SHA-384", "sha512", "SHA-512", "sha512_224", "SHA-512/224", "sha512_256", "SHA-512/256");

    ObjectDigest {
      value = value.clone();
    }

    /** The JDK's name of an algorithm the metadata names. */
    static String jdkName(String algorithm) {
      return JDK_NAMES.get(algorithm);
    }

    boolean matches(byte[] other) {
      return java.security.MessageDigest.isEqual(value, other);
    }

    @Override
    public String toString() {
      return algorithm + ":" + HexFormat.of().formatHex(value);
    }

    static ObjectDigest parse(Object json) throws IOException {
      if (!(json instanceof String text) || text.indexOf(':') < 0) {
        throw new IOException("a digest is not ALGORITHM:HEX: " + json);
      }
      String algorithm = text.substring(0, text.indexOf(':')).toLowerCase(Locale.ROOT);
      if (!JDK_NAMES.containsKey(algorithm)) {
        throw new IOException("unsupported digest algorithm " + algorithm);
      }
      try {
        return new ObjectDigest(algorithm, HexFormat.of().parseHex(text.substring(text.indexOf(':') + 1)));
      } catch (IllegalArgumentException e) {
        throw new IOException("a digest's value is not hex: " + text);
      }
    }
  }

  /** The JSON, fields in the order the Go library writes them. */
  String toJson() throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", VERSION);
    root.put("header", Map.of("digest", header.toString()));
    List<Object> list = new ArrayList<>();
    for (SignedObject object : objects) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("relativeId", object.relativeId());
      entry.put("descriptorDigest", object.descriptor().toString());
      entry.put("objectDigest", object.data().toString());
      list.add(entry);
    }
    root.put("objects", list);
    return JSON.std.asString(root);
  }

  /** Reads the JSON a signature signed; refuses other versions and malformed fields. */
  static ImageMetadata parse(String json) throws IOException {
    Map<String, Object> root;
    try {
      root = JSON.std.mapFrom(json);
    } catch (IOException | RuntimeException e) {
      throw new IOException("the signed metadata is not JSON");
    }
    if (!(root.get("version") instanceof Number version) || version.intValue() != VERSION) {
      throw new IOException("the signed metadata has version " + root.get("version") + ", expected " + VERSION);
    }
    if (!(root.get("header") instanceof Map<?, ?> header)) {
      throw new IOException("the signed metadata has no header digest");
    }
    if (!(root.get("objects") instanceof List<?> entries)) {
      throw new IOException("the signed metadata lists no objects");
    }
    List<SignedObject> objects = new ArrayList<>();
    for (Object entry : entries) {
      if (!(entry instanceof Map<?, ?> object) || !(object.get("relativeId") instanceof Number id)
          || id.longValue() < 0 || id.longValue() > Integer.MAX_VALUE) {
        throw new IOException("the signed metadata has an object without a relative id");
      }
      objects.add(new SignedObject(id.intValue(), ObjectDigest.parse(object.get("descriptorDigest")),
          ObjectDigest.parse(object.get("objectDigest"))));
    }
    return new ImageMetadata(ObjectDigest.parse(header.get("digest")), objects);
  }

  /** The entry for an object, by its relative id. */
  Optional<SignedObject> object(int relativeId) {
    return objects.stream().filter(o -> o.relativeId() == relativeId).findFirst();
  }
}
