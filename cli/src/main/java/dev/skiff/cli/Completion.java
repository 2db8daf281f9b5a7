package dev.skiff.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;

/**
 * Writes what the release archive carries beside the jars, at build time: bash and zsh completion
 * generated from the commands themselves, and the version the launcher names its class-data
 * archive after.
 */
final class Completion {
  private Completion() {}

  /** FOLDER VERSION. */
  public static void main(String[] args) throws IOException {
    Path folder = Files.createDirectories(Path.of(args[0]));
    String script = AutoComplete.bash("skiff", SkiffCommand.commandLine(Map.of()));
    Files.writeString(folder.resolve("skiff.bash"), script, StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("VERSION"), args[1] + "\n", StandardCharsets.UTF_8);
  }
}
