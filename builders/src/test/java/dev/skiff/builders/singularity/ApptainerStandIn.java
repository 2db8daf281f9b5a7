package dev.skiff.builders.singularity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** The stand-in {@code apptainer} of the builder's tests (src/test/resources/stand-in), put on a PATH. */
final class ApptainerStandIn {
  private ApptainerStandIn() {}

  /** Writes the stand-in into {@code bin} and returns this process's environment with {@code bin} first on PATH. */
  static Map<String, String> onPath(Path bin) throws IOException {
    Path standIn = bin.resolve("apptainer");
    if (!Files.exists(standIn)) {
      try (InputStream in = Objects.requireNonNull(ApptainerStandIn.class.getResourceAsStream("/stand-in/apptainer"))) {
        Files.copy(in, standIn);
      }
      Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("PATH", bin + ":" + System.getenv("PATH"));
    return environment;
  }
}
