package dev.skiff.events;

import java.util.Locale;

/**
 * The steps of a run, in order, from loading its plugins ({@link #PLUGINS}, which every operation
 * does first); then what consumers do, {@code skiff pull}, and the storage's sweep, {@code skiff gc}.
 */
public enum Step {
  PLUGINS, DISCOVER, PLAN, BUILD, STORE, MANIFEST, PUBLISH, PULL, GC;

  /** The lower-case word used in logs and reports. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
