package dev.skiff.publisher;

import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.PluginConfig;
import java.util.List;

/**
 * {@code direct}: commits straight onto the registry's default branch, for single-repository
 * registries without pull requests; the same in-memory commit and the same push without force.
 */
public final class DirectPublisherFactory extends BranchPublisherFactory {
  @Override
  public String name() {
    return "direct";
  }

  @Override
  public String description() {
    return "one commit straight onto the registry's default branch: a bare folder or a git URL";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(AUTHOR_NAME_KEY, AUTHOR_EMAIL_KEY, KEEP_REMOVED_TAGS_KEY);
  }

  @Override
  UpdateTarget target(PluginConfig config) throws SkiffException {
    return UpdateTarget.defaultBranch(config.flag(KEEP_REMOVED_TAGS));
  }
}
