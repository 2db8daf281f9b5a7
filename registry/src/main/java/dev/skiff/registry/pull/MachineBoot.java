package dev.skiff.registry.pull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which boot of the machine this is. Bytes written but never synced to disk are as good as synced
 * while the machine stays up, since every process reads them from the same page cache; after a
 * power loss they may be gone. Records that say what was written also say in which boot, so that
 * a later boot trusts only what was synced.
 */
final class MachineBoot {
  /** Stands for "cannot tell": never equal to a recorded boot, so only synced bytes count. */
  static final String UNKNOWN = "unknown";

  private static final String CURRENT = read();

  private MachineBoot() {}

  static String current() {
    return CURRENT;
  }

  /** Whether this boot can be told from others; when not, only synced or hashed bytes are trusted. */
  static boolean known() {
    return !CURRENT.equals(UNKNOWN);
  }

  /** Whether bytes written (not synced) in the recorded boot are still there now. */
  static boolean isCurrent(String recorded) {
    return known() && CURRENT.equals(recorded);
  }

  private static String read() {
    // Linux names each boot; elsewhere the start of the first process marks it.
    try {
      String id = Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).strip();
      if (id.matches("[0-9a-f-]{8,64}")) {
        return id;
      }
    } catch (IOException | SecurityException e) {
      // not Linux
    }
    return ProcessHandle.of(1).flatMap(init -> init.info().startInstant())
        .map(start -> "init-" + start.toEpochMilli()).orElse(UNKNOWN);
  }
}
