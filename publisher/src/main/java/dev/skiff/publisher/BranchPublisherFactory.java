package dev.skiff.publisher;

import dev.skiff.publisher.github.PullRequestOpener;
import dev.skiff.publisher.github.PullRequestSettings;
import dev.skiff.registry.RegistryCommitter;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.registry.RegistryRepository;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.Publisher;
import dev.skiff.spi.PublisherFactory;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.GitUrls;
import dev.skiff.support.RetryPolicy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  static final String FORK = "publisher.fork";
  static final String KEEP_REMOVED_TAGS = "publisher.keep-removed-tags";
  static final ConfigKey KEEP_REMOVED_TAGS_KEY = ConfigKey.of(KEEP_REMOVED_TAGS, "true: the registry keeps the tags"
      + " whose recipe was deleted; false: they are removed in the run's commit", "false");
  static final PersonIdent IDENTITY = RegistryCommitter.now();
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
    List<ConfigKey> keys = new ArrayList<>(List.of(
        ConfigKey.of(PREFIX, "the prefix of the branch, before OWNER/NAME", RegistryLayout.DEFAULT_BRANCH_PREFIX),
        ConfigKey.of(FORK, "a fork of the registry (git URL) to push the branch to instead; the pull request then"
            + " comes from FORK-OWNER:BRANCH, and the registry is only read"),
        AUTHOR_NAME_KEY, AUTHOR_EMAIL_KEY, KEEP_REMOVED_TAGS_KEY));
    keys.addAll(PullRequestSettings.KEYS);
    return keys;
  }

  @Override
  public Publisher create(String registry, PluginConfig config, PluginContext context) throws SkiffException {
    PersonIdent author = new PersonIdent(config.require(AUTHOR_NAME), config.require(AUTHOR_EMAIL));
    Optional<String> forkSetting = config.get(FORK).map(String::strip).filter(f -> !f.isEmpty());
    if (GitUrls.isUrl(registry)) {
      URIish url = gitUrl(registry, "registry '" + registry + "' is neither a folder nor a git URL");
      Optional<URIish> fork = Optional.empty();
      if (forkSetting.isPresent()) {
        String notAUrl = "setting '" + FORK + "' (from " + config.origin(FORK) + "): '" + forkSetting.get()
            + "' is not a git URL";
        if (!GitUrls.isUrl(forkSetting.get())) {
          throw new SkiffException(notAUrl);
        }
        fork = Optional.of(gitUrl(forkSetting.get(), notAUrl));
      }
      UpdateTarget target = target(config);
      Optional<PullRequestOpener> pullRequests = Optional.empty();
      Optional<PullRequestSettings> pr = target.branchPrefix() == null ? Optional.empty()
          : PullRequestSettings.of(registry, config, context.environment());
      if (pr.isPresent()) {
        String token = token(context.environment()).orElseThrow(() -> new SkiffException("registry " + registry
            + ": opening its pull request needs a token in SKIFF_GITHUB_TOKEN (or GITHUB_TOKEN)"));
        pullRequests = Optional.of(new PullRequestOpener(pr.get(), token, RetryPolicy.DEFAULT));
      }
      Optional<String> forkOwner = fork.isEmpty() ? Optional.empty()
          : Optional.of(ownerOf(fork.get(), "setting '" + FORK + "'"));
      var publisher = new GitRemotePublisher(url, fork, forkOwner, target, author,
          credentials(context.environment()), new SshKeys(context.environment()), context.workDir(), pullRequests);
      try {
        return publisher.check();
      } catch (SkiffException e) {
        publisher.close();
        throw e;
      }
    }
    if (forkSetting.isPresent()) {
      throw new SkiffException("setting '" + FORK + "' (from " + config.origin(FORK) + "): a fork needs a registry"
          + " given by its git URL, not the folder " + registry);
    }
    Path folder = config.path("registry").orElseGet(() -> Path.of(registry).toAbsolutePath().normalize());
    // Check the registry now, before anything is built and stored for it.
    return new LocalFolderPublisher(folder, target(config), author).check();
  }

  private static URIish gitUrl(String text, String error) throws SkiffException {
    try {
      return new URIish(text);
    } catch (URISyntaxException e) {
      throw new SkiffException(error);
    }
  }

  /** The first folder of a repository URL's path: the owner on GitHub and its kin. */
  static String ownerOf(URIish url, String where) throws SkiffException {
    String path = url.getPath() == null ? "" : url.getPath().replaceFirst("^/+", "");
    int slash = path.indexOf('/');
    if (slash <= 0) {
      throw new SkiffException(where + ": cannot tell the owner of " + url.setPass(null) + "; use a URL such as"
          + " https://github.com/OWNER/registry");
    }
    return path.substring(0, slash);
  }

  /** Which branch this publisher moves. */
  UpdateTarget target(PluginConfig config) throws SkiffException {
    return UpdateTarget.perNamespace(config.require(PREFIX), config.flag(KEEP_REMOVED_TAGS));
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
