package dev.skiff.spi;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a plugin may use besides its settings.
 *
 * @param environment the process environment, for credentials that the plugin's SDK reads itself
 * @param sourceRoot the source repository being built
 * @param workDir a private scratch folder for this run, removed when the run ends
 * @param log lines for the user
 */
public record PluginContext(
    Map<String, String> environment, Path sourceRoot, Path workDir, Log log) {

  /** Copies the environment, so that the plugin sees the run's and nothing later. */
  public PluginContext {
    environment = Map.copyOf(environment);
  }
}
