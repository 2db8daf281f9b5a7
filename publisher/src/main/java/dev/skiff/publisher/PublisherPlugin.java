package dev.skiff.publisher;

import dev.skiff.spi.PublisherFactory;
import dev.skiff.spi.SkiffPlugin;
import java.util.List;

/** Skiff's own publishers. */
public final class PublisherPlugin implements SkiffPlugin {
  @Override
  public String name() {
    return "publisher";
  }

  @Override
  public List<PublisherFactory> publishers() {
    return List.of(new BranchPublisherFactory(), new DirectPublisherFactory());
  }
}
