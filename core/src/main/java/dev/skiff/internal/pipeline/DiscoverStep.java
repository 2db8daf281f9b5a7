package dev.skiff.internal.pipeline;

import dev.skiff.Discovery;
import dev.skiff.internal.discovery.RecipeDiscovery;
import dev.skiff.internal.discovery.TagPattern;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Finds the recipes to build; a repository without any is an error, one with only frozen ones is not. */
final class DiscoverStep {
  private final Path source;
  private final TagPattern tags;

  DiscoverStep(Path source, TagPattern tags) {
    this.source = source;
    this.tags = tags;
  }

  Discovery call() throws SkiffException, IOException {
    return new RecipeDiscovery(source, Set.of(), tags).discover().requireAny(source);
  }
}
