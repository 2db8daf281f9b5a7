package dev.skiff.registry.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of verifying a pull request: every finding, grouped by file in path order.
 *
 * @param branch the pull request's branch
 * @param namespace the namespace the branch may change, if it names one
 * @param base the commit the changes were compared against (the merge base)
 * @param head the pull request's head commit
 * @param findings every check's outcome, in path order
 * @param requests how many HTTP requests the blob checks sent
 * @param took how long the verification took
 */
public record VerifyReport(
    String branch, Optional<String> namespace, String base, String head, List<Finding> findings, int requests,
    Duration took) {

  /** Copies the findings. */
  public VerifyReport {
    findings = List.copyOf(findings);
  }

  /** Whether every check passed. */
  public boolean passed() {
    return findings.stream().allMatch(Finding::passed);
  }

  /** How many checks failed. */
  public long failures() {
    return findings.stream().filter(f -> !f.passed()).count();
  }

  /** The findings of each file, files in path order. */
  public Map<String, List<Finding>> byFile() {
    Map<String, List<Finding>> files = new LinkedHashMap<>();
    findings.forEach(f -> files.computeIfAbsent(f.path(), p -> new ArrayList<>()).add(f));
    return files;
  }
}
