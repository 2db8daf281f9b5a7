package dev.skiff.cli;

import picocli.CommandLine.Option;

/** {@code -q}, on the commands whose progress it quiets. */
final class QuietOption {
  @Option(names = {"-q", "--quiet"}, description = "Show only failures and the final summary, not the progress.")
  boolean quiet;
}
