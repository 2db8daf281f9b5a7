package dev.skiff.support;

import java.util.Locale;

/** Sizes for people: bytes below 1 KiB, else powers of 1024 with one decimal ({@code 1.4 GiB}). */
public final class HumanBytes {
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private HumanBytes() {}

  /** A byte count as people read it: {@code 512 B}, {@code 1.5 MiB}. */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }
}
