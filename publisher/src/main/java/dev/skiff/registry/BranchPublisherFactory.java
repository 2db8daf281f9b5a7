package dev.skiff.registry;

import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.Publisher;
import dev.skiff.spi.PublisherFactory;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/** {@code branch}: commits the manifests to the branch {@code update/<owner>/<name>} of a registry repository. */
public final class BranchPublisherFactory implements PublisherFactory {
  static final String PREFIX = "publisher.branch.prefix";
  static final String AUTHOR_NAME = "publisher.author.name";
  static final String AUTHOR_EMAIL = "publisher.author.email";
  static final PersonIdent IDENTITY = new PersonIdent("Skiff", "skiff@users.noreply.invalid");

  @Override
  public String name() {
    return "branch";
  }

  @Override
  public String description() {
    return "one commit on the branch update/OWNER/NAME of a registry repository on this machine";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        ConfigKey.of(PREFIX, "the prefix of the branch, before OWNER/NAME", "update/"),
        ConfigKey.of(AUTHOR_NAME, "the commit author's name", IDENTITY.getName()),
        ConfigKey.of(AUTHOR_EMAIL, "the commit author's email", IDENTITY.getEmailAddress()));
  }

  @Override
  public Publisher create(String registry, PluginConfig config, PluginContext context) throws SkiffException {
    Path folder = config.path("registry").orElseGet(() -> Path.of(registry).toAbsolutePath().normalize());
    // Check the registry now, before anything is built and stored for it.
    try (Repository repository = RegistryRepository.open(folder)) {
      RegistryRepository.defaultBranch(repository, folder);
    } catch (IOException e) {
      throw new SkiffException("registry " + folder + ": cannot read the git repository: " + e.getMessage(), e);
    }
    return new BranchPublisher(folder, config.require(PREFIX),
        new PersonIdent(config.require(AUTHOR_NAME), config.require(AUTHOR_EMAIL)));
  }
}
