package dev.skiff.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the reference tools the tests check against (siftool, mksquashfs, unsquashfs, git). */
public final class Tools {
  private Tools() {}

  /** What a finished command printed and returned. */
  public record Output(int exitCode, String text) {}

  /** Runs a command to completion; stderr is merged into the output. */
  public static Output run(Path workDir, String... command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(command[0] + " is not installed; bin/test installs it (" + e.getMessage() + ")", e);
    }
    byte[] bytes = process.getInputStream().readAllBytes();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish");
    }
    return new Output(process.exitValue(), new String(bytes, StandardCharsets.UTF_8));
  }

  /** Runs a command that must succeed, and returns its output. */
  public static String ok(Path workDir, String... command) throws IOException, InterruptedException {
    Output output = run(workDir, command);
    if (output.exitCode() != 0) {
      throw new AssertionError(String.join(" ", List.of(command)) + " exited with " + output.exitCode() + ":\n"
          + output.text());
    }
    return output.text();
  }
}
