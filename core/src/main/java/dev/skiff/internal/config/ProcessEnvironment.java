package dev.skiff.internal.config;

import java.util.Map;

/** The environment variables a run sees; injected, so that tests and embedders can set them. */
public record ProcessEnvironment(Map<String, String> variables) {
  public ProcessEnvironment {
    variables = Map.copyOf(variables);
  }
}
