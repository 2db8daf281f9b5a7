package dev.skiff.events;

import java.util.Locale;
/** The steps of a run, in order. */
public enum Step {
  DISCOVER, BUILD, STORE, MANIFEST, PUBLISH;

  /** The lower-case word used in logs and reports. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
