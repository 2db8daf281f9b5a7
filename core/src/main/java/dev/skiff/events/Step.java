package dev.skiff.events;

/** The steps of a run, in order. */
public enum Step {
  DISCOVER, BUILD, STORE, MANIFEST, PUBLISH;

  /** The lower-case word used in logs and reports. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
