package dev.skiff.signing.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the tools the signing tests check against (gpg, go, the sylabs/sif program), with an environment. */
final class Commands {
  private Commands() {}

  /** What a finished command printed (stdout and stderr) and returned. */
  record Output(int exitCode, String text) {}

  static Output run(Path dir, Map<String, String> environment, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException(command.get(0) + " is not installed; bin/test installs it (" + e.getMessage() + ")", e);
    }
    byte[] bytes = process.getInputStream().readAllBytes();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish");
    }
    return new Output(process.exitValue(), new String(bytes, StandardCharsets.UTF_8));
  }

  static String ok(Path dir, Map<String, String> environment, List<String> command)
      throws IOException, InterruptedException {
    Output output = run(dir, environment, command);
    if (output.exitCode() != 0) {
      throw new AssertionError(String.join(" ", command) + " exited with " + output.exitCode() + ":\n" + output.text());
    }
    return output.text();
  }
}
