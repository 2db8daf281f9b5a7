package dev.skiff.publisher;

/** How many runs the crash tests kill: a bounded number in the suite, more when asked for. */
public final class CrashKills {
  public static final int DEFAULT = 6;

  private CrashKills() {}

  public static int count() {
    return Integer.getInteger("skiff.crash.kills", DEFAULT);
  }
}
