package dev.skiff.registry;

import dev.skiff.registry.github.PullRequestOpener;
import dev.skiff.registry.github.PullRequestSettings;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.Publisher;
import dev.skiff.spi.PublisherFactory;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** {@code branch}: commits the manifests to the branch {@code update/<owner>/<name>} of a registry repository. */
public class BranchPublisherFactory implements PublisherFactory {
  static final String PREFIX = "publisher.branch.prefix";
  static final String AUTHOR_NAME = "publisher.author.name";
  static final String AUTHOR_EMAIL = "publisher.author.email";
  static final PersonIdent IDENTITY = new PersonIdent("Skiff", "skiff@users.noreply.invalid");
  // Waiting out GitHub's rate limit longer than this would stall a CI job for nothing.
  static final java.time.Duration MAX_RATE_LIMIT_WAIT = java.time.Duration.ofMinutes(2);
  static final ConfigKey AUTHOR_NAME_KEY = ConfigKey.of(AUTHOR_NAME, "the commit author's name", IDENTITY.getName());
  static final ConfigKey AUTHOR_EMAIL_KEY = ConfigKey.of(AUTHOR_EMAIL, "the commit author's email",
      IDENTITY.getEmailAddress());

  @Override
  public String name() {
    return "branch";
  }

  @Override
  public String description() {
    return "one commit on the branch update/OWNER/NAME of a registry repository: a folder or a git URL";
  }

  @Override
  public List<ConfigKey> configKeys() {
    List<ConfigKey> keys = new java.util.ArrayList<>(List.of(
        ConfigKey.of(PREFIX, "the prefix of the branch, before OWNER/NAME", "update/"), AUTHOR_NAME_KEY, AUTHOR_EMAIL_KEY));
    keys.addAll(PullRequestSettings.KEYS);
    return keys;
  }

  // https://host/org/registry(.git), ssh://..., file://..., and scp-like git@host:org/registry.git
  private static final Pattern REMOTE = Pattern.compile("^([a-z][a-z0-9+.-]*://|[\\w.-]+@[\\w.-]+:).*");

  @Override
  public Publisher create(String registry, PluginConfig config, PluginContext context) throws SkiffException {
    PersonIdent author = new PersonIdent(config.require(AUTHOR_NAME), config.require(AUTHOR_EMAIL));
    if (REMOTE.matcher(registry).matches()) {
      URIish url;
      try {
        url = new URIish(registry);
      } catch (java.net.URISyntaxException e) {
        throw new SkiffException("registry '" + registry + "' is neither a folder nor a git URL");
      }
      UpdateTarget target = target(config);
      Optional<PullRequestOpener> pullRequests = Optional.empty();
      Optional<PullRequestSettings> pr = target.branchPrefix() == null ? Optional.empty()
          : PullRequestSettings.of(registry, config, context.environment());
      if (pr.isPresent()) {
        String token = token(context.environment()).orElseThrow(() -> new SkiffException("registry " + registry
            + ": opening its pull request needs a token in SKIFF_GITHUB_TOKEN (or GITHUB_TOKEN)"));
        pullRequests = Optional.of(new PullRequestOpener(pr.get(), token, MAX_RATE_LIMIT_WAIT));
      }
      return new RemoteBranchPublisher(url, target, author, credentials(context.environment()), context.workDir(),
          pullRequests).check();
    }
    Path folder = config.path("registry").orElseGet(() -> Path.of(registry).toAbsolutePath().normalize());
    // Check the registry now, before anything is built and stored for it.
    try (Repository repository = RegistryRepository.open(folder)) {
      RegistryRepository.defaultBranch(repository, folder);
    } catch (IOException e) {
      throw new SkiffException("registry " + folder + ": cannot read the git repository: " + e.getMessage(), e);
    }
    return new BranchPublisher(folder, target(config), author);
  }

  /** Which branch this publisher moves. */
  UpdateTarget target(PluginConfig config) throws SkiffException {
    return UpdateTarget.perNamespace(config.require(PREFIX));
  }

  /** The token for HTTPS pushes: SKIFF_GITHUB_TOKEN, else GITHUB_TOKEN; none for SSH or anonymous. */
  static CredentialsProvider credentials(Map<String, String> env) {
    return token(env).map(token -> new UsernamePasswordCredentialsProvider("x-access-token", token)).orElse(null);
  }

  static Optional<String> token(Map<String, String> env) {
    return Optional.ofNullable(env.get("SKIFF_GITHUB_TOKEN")).filter(t -> !t.isBlank())
        .or(() -> Optional.ofNullable(env.get("GITHUB_TOKEN")).filter(t -> !t.isBlank()));
  }
}
