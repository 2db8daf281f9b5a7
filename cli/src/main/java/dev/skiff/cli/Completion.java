package dev.skiff.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;

/**
 * Writes, at build time, the bash and zsh completion the release archive carries, generated from
 * the commands themselves.
 */
final class Completion {
  private Completion() {}

  /** FOLDER: where skiff.bash goes. */
  public static void main(String[] args) throws IOException {
    Path folder = Files.createDirectories(Path.of(args[0]));
    String script = AutoComplete.bash("skiff", SkiffCommand.commandLine(Map.of()));
    Files.writeString(folder.resolve("skiff.bash"), script, StandardCharsets.UTF_8);
  }
}
