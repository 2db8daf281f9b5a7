package dev.skiff.sif;

import java.util.Arrays;
import java.util.Optional;

/** The data types of SIF objects (format v2). */
public enum SifDataType {
  /** {@code Def.FILE}, code 0x4001. */
  DEFINITION_FILE(0x4001, "Def.FILE"),
  /** {@code Env.Vars}, code 0x4002. */
  ENVIRONMENT(0x4002, "Env.Vars"),
  /** {@code JSON.Labels}, code 0x4003. */
  LABELS(0x4003, "JSON.Labels"),
  /** {@code FS}, code 0x4004. */
  PARTITION(0x4004, "FS"),
  /** {@code Signature}, code 0x4005. */
  SIGNATURE(0x4005, "Signature"),
  /** {@code JSON.Generic}, code 0x4006. */
  GENERIC_JSON(0x4006, "JSON.Generic"),
  /** {@code Generic/Raw}, code 0x4007. */
  GENERIC_RAW(0x4007, "Generic/Raw"),
  /** {@code Cryptographic Message}, code 0x4008. */
  CRYPTO_MESSAGE(0x4008, "Cryptographic Message"),
  /** {@code SBOM}, code 0x4009. */
  SBOM(0x4009, "SBOM"),
  /** {@code OCI.RootIndex}, code 0x400A. */
  OCI_ROOT_INDEX(0x400A, "OCI.RootIndex"),
  /** {@code OCI.Blob}, code 0x400B. */
  OCI_BLOB(0x400B, "OCI.Blob");

  private final int code;
  private final String label;

  SifDataType(int code, String label) {
    this.code = code;
    this.label = label;
  }

  /** The numeric code of this type in a descriptor. */
  public int code() {
    return code;
  }

  /** The name {@code siftool list} shows. */
  public String label() {
    return label;
  }

  /** The type a descriptor's code names, if known. */
  public static Optional<SifDataType> ofCode(int code) {
    return Arrays.stream(values()).filter(t -> t.code == code).findFirst();
  }
}
