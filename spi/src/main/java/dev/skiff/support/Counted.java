package dev.skiff.support;

/** A count and its noun as people read them: "1 namespace", "2 namespaces", "0 tags". */
public final class Counted {
  private Counted() {}

  /** @param noun a noun whose plural adds an s, in the singular */
  public static String of(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
