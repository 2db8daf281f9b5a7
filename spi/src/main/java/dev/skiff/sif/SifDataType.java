package dev.skiff.sif;

import java.util.Arrays;
import java.util.Optional;

/** The data types of SIF objects (format v2). */
public enum SifDataType {
  DEFINITION_FILE(0x4001, "Def.FILE"),
  ENVIRONMENT(0x4002, "Env.Vars"),
  LABELS(0x4003, "JSON.Labels"),
  PARTITION(0x4004, "FS"),
  SIGNATURE(0x4005, "Signature"),
  GENERIC_JSON(0x4006, "JSON.Generic"),
  GENERIC_RAW(0x4007, "Generic/Raw"),
  CRYPTO_MESSAGE(0x4008, "Cryptographic Message"),
  SBOM(0x4009, "SBOM"),
  OCI_ROOT_INDEX(0x400A, "OCI.RootIndex"),
  OCI_BLOB(0x400B, "OCI.Blob");

  private final int code;
  private final String label;

  SifDataType(int code, String label) {
    this.code = code;
    this.label = label;
  }

  public int code() {
    return code;
  }

  /** The name {@code siftool list} shows. */
  public String label() {
    return label;
  }

  public static Optional<SifDataType> ofCode(int code) {
    return Arrays.stream(values()).filter(t -> t.code == code).findFirst();
  }
}
