package dev.skiff.sif;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Architecture codes of SIF headers and partitions. */
public enum SifArch {
  UNKNOWN("00", "unknown"),
  I386("01", "386"),
  AMD64("02", "amd64"),
  ARM("03", "arm"),
  ARM64("04", "arm64"),
  PPC64("05", "ppc64"),
  PPC64LE("06", "ppc64le"),
  MIPS("07", "mips"),
  MIPSLE("08", "mipsle"),
  MIPS64("09", "mips64"),
  MIPS64LE("10", "mips64le"),
  S390X("11", "s390x"),
  RISCV64("12", "riscv64"),
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
