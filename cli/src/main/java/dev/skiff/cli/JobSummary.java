package dev.skiff.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

/** The GitHub Actions job summary, where commands append a Markdown report of what they did. */
final class JobSummary {
  private JobSummary() {}

  /** The summary file, when running on GitHub Actions. */
  static Optional<Path> of(Map<String, String> env) {
    String summary = env.get("GITHUB_STEP_SUMMARY");
    return "true".equals(env.get("GITHUB_ACTIONS")) && summary != null && !summary.isBlank()
        ? Optional.of(Path.of(summary)) : Optional.empty();
  }

  static void append(Path summary, String markdown) throws IOException {
    Files.writeString(summary, markdown, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
