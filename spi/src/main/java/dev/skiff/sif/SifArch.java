package dev.skiff.sif;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Architecture codes of SIF headers and partitions. */
public enum SifArch {
  /** Go's {@code unknown}; header code 00. */
  UNKNOWN("00", "unknown"),
  /** Go's {@code 386}; header code 01. */
  I386("01", "386"),
  /** Go's {@code amd64}; header code 02. */
  AMD64("02", "amd64"),
  /** Go's {@code arm}; header code 03. */
  ARM("03", "arm"),
  /** Go's {@code arm64}; header code 04. */
  ARM64("04", "arm64"),
  /** Go's {@code ppc64}; header code 05. */
  PPC64("05", "ppc64"),
  /** Go's {@code ppc64le}; header code 06. */
  PPC64LE("06", "ppc64le"),
  /** Go's {@code mips}; header code 07. */
  MIPS("07", "mips"),
  /** Go's {@code mipsle}; header code 08. */
  MIPSLE("08", "mipsle"),
  /** Go's {@code mips64}; header code 09. */
  MIPS64("09", "mips64"),
  /** Go's {@code mips64le}; header code 10. */
  MIPS64LE("10", "mips64le"),
  /** Go's {@code s390x}; header code 11. */
  S390X("11", "s390x"),
  /** Go's {@code riscv64}; header code 12. */
  RISCV64("12", "riscv64"),
  /** Go's {@code loong64}; header code 13. */
  LOONG64("13", "loong64");

  private final String code;
  private final String goName;

  SifArch(String code, String goName) {
    this.code = code;
    this.goName = goName;
  }

  /** The two ASCII digits stored in the file. */
  public String code() {
    return code;
  }

  /** The name runtimes use ({@code amd64}, {@code arm64}). */
  public String goName() {
    return goName;
  }

  /** The architecture a header's code names, if known. */
  public static Optional<SifArch> ofCode(String code) {
    return Arrays.stream(values()).filter(a -> a.code.equals(code)).findFirst();
  }

  /** The architecture of the running JVM, as runtimes name it. */
  public static SifArch ofRunningJvm() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> AMD64;
      case "aarch64", "arm64" -> ARM64;
      case "x86", "i386", "i686" -> I386;
      case "arm" -> ARM;
      case "ppc64" -> PPC64;
      case "ppc64le" -> PPC64LE;
      case "s390x" -> S390X;
      case "riscv64" -> RISCV64;
      case "loongarch64" -> LOONG64;
      default -> UNKNOWN;
    };
  }
}
