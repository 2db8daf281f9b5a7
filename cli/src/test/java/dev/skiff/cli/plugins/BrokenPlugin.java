package dev.skiff.cli.plugins;

import dev.skiff.spi.SkiffPlugin;

/** A plugin whose constructor throws, as one does that cannot reach its licence server. */
public final class BrokenPlugin implements SkiffPlugin {
  public BrokenPlugin() {
    throw new IllegalStateException("no licence server at licence.lab.example");
  }

  @Override
  public String name() {
    return "broken";
  }
}
