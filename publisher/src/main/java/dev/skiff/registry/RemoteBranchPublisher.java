package dev.skiff.registry;

import dev.skiff.registry.github.PullRequestOpener;
import dev.skiff.source.GitCheckout;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.PublishResult;
import dev.skiff.spi.Publisher;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;

/**
 * Publishes to a registry repository on a git server: fetches only what it needs (the tip it builds
 * on, and of that only the namespace's folder where the server allows, see {@link RegistryFetch})
 * into a private bare repository, builds the commit in memory on top, and pushes it with the remote's old tip as the expected value, so that a branch
 * another run moved meanwhile is fetched again and retried (a few times), never overwritten.
 */
final class RemoteBranchPublisher implements Publisher {
  private static final int ATTEMPTS = 3;

  private final URIish remote;
  private final String shown;
  private final UpdateTarget target;
  private final PersonIdent identity;
  private final CredentialsProvider credentials;
  private final Path workDir;
  private final Optional<PullRequestOpener> pullRequests;

  RemoteBranchPublisher(URIish remote, UpdateTarget target, PersonIdent identity, CredentialsProvider credentials,
      Path workDir, Optional<PullRequestOpener> pullRequests) {
    this.pullRequests = pullRequests;
    this.remote = remote;
    this.shown = GitCheckout.withoutCredentials(remote.toString());
    this.target = target;
    this.identity = identity;
    this.credentials = credentials;
    this.workDir = workDir;
  }

  /** Fails now, before anything is built, when the registry cannot be reached or read with the token. */
  RemoteBranchPublisher check() throws SkiffException {
    try {
      Git.lsRemoteRepository().setRemote(remote.toString()).setCredentialsProvider(credentials).setHeads(true).call();
      return this;
    } catch (GitAPIException e) {
      throw translate(e);
    }
  }

  @Override
  public PublishResult publish(PublishRequest request) throws SkiffException, IOException, InterruptedException {
    try (Git git = Git.init().setBare(true).setDirectory(workDir.resolve("registry.git").toFile()).call()) {
      for (int attempt = 1; ; attempt++) {
        Collection<Ref> remoteRefs = git.lsRemote().setRemote(remote.toString()).setCredentialsProvider(credentials)
            .call();
        String defaultBranch = defaultBranch(remoteRefs);
        String refName = target.refName(request.namespace(), defaultBranch);
        String branch = Repository.shortenRefName(refName);
        if (!Repository.isValidRefName(refName)) {
          throw new SkiffException("registry " + shown + ": '" + branch + "' is not a valid branch name;"
              + " check publisher.branch.prefix");
        }
        Ref existing = remoteRefs.stream().filter(r -> r.getName().equals(refName)).findFirst().orElse(null);
        Ref defaultTip = remoteRefs.stream().filter(r -> r.getName().equals(defaultBranch)).findFirst().orElse(null);
        ObjectId base = existing != null ? existing.getObjectId() : defaultTip != null ? defaultTip.getObjectId() : null;
        if (base == null) {
          throw new SkiffException("registry " + shown + ": its default branch has no commit yet");
        }
        Repository repository = git.getRepository();
        RegistryFetch.Fetched fetched = new RegistryFetch(git, remote.toString(), credentials)
            .fetch(base, request.namespace());
        Optional<ObjectId> commit = RegistryCommit.build(repository, base, request, identity);
        String location = "branch " + branch + " of " + shown;
        if (commit.isEmpty()) {
          // Nothing to commit; a pull request that a failed run did not open yet is opened now.
          Optional<java.net.URI> pullRequest = Optional.empty();
          if (existing != null && pullRequests.isPresent() && !refName.equals(defaultBranch)) {
            pullRequest = Optional.of(pullRequests.get().open(request, branch, Repository.shortenRefName(defaultBranch)));
          }
          return new PublishResult(false, existing != null ? location
              : "default branch " + Repository.shortenRefName(defaultBranch) + " of " + shown, Optional.empty(),
              pullRequest);
        }
        RemoteRefUpdate pushed = push(repository, fetched, commit.get(), refName);
        RemoteRefUpdate.Status status = pushed.getStatus();
        if (status == RemoteRefUpdate.Status.OK || status == RemoteRefUpdate.Status.UP_TO_DATE) {
          Optional<java.net.URI> pullRequest = Optional.empty();
          if (pullRequests.isPresent() && !refName.equals(defaultBranch)) {
            pullRequest = Optional.of(pullRequests.get().open(request, branch, Repository.shortenRefName(defaultBranch)));
          }
          return new PublishResult(true, location, Optional.of(commit.get().name()), pullRequest);
        }
        if (attempt >= ATTEMPTS || !moved(refName, existing)) {
          throw new SkiffException("registry " + shown + ": the push of " + branch + " was refused"
              + (pushed.getMessage() != null ? ": " + pushed.getMessage() : " (" + status + ")")
              + (attempt >= ATTEMPTS ? ", " + ATTEMPTS + " times; other runs keep moving it, run again" : "")
              + "; nothing was changed");
        }
      }
    } catch (GitAPIException e) {
      throw translate(e);
    }
  }

  /**
   * Whether another run moved the branch since this run read it. Servers word a lost race in
   * their own ways ("fetch first", "failed to lock", "invalid old id"), so the ref is read again.
   */
  private boolean moved(String refName, Ref seen) throws GitAPIException {
    Ref now = Git.lsRemoteRepository().setRemote(remote.toString()).setCredentialsProvider(credentials).setHeads(true)
        .call().stream().filter(r -> r.getName().equals(refName)).findFirst().orElse(null);
    return now == null ? seen != null : seen == null || !now.getObjectId().equals(seen.getObjectId());
  }

  /** The branch the remote's HEAD names, or main when the server does not say. */
  private static String defaultBranch(Collection<Ref> refs) {
    for (Ref ref : refs) {
      if (ref.getName().equals(Constants.HEAD) && ref.isSymbolic()) {
        return ref.getTarget().getName();
      }
    }
    Ref head = refs.stream().filter(r -> r.getName().equals(Constants.HEAD)).findFirst().orElse(null);
    if (head != null) {
      for (Ref ref : refs) {
        if (ref.getName().startsWith(Constants.R_HEADS) && ref.getObjectId().equals(head.getObjectId())) {
          return ref.getName();
        }
      }
    }
    return Constants.R_HEADS + "main";
  }

  /**
   * Pushes without force: the commit's parent is the tip that was fetched, so a branch that
   * another run moved (or created) meanwhile refuses it as not a fast-forward.
   */
  private RemoteRefUpdate push(Repository repository, RegistryFetch.Fetched fetched, ObjectId commit, String refName)
      throws GitAPIException, IOException {
    Iterable<PushResult> results;
    try (Repository forPush = new ElidedTreesRepository(repository.getDirectory(), fetched.elided());
        Git git = Git.wrap(forPush)) {
      results = git.push().setRemote(remote.toString()).setCredentialsProvider(credentials)
        .setRefSpecs(new RefSpec(commit.name() + ":" + refName)).setForce(false)
          .setAtomic(false).call();
    }
    for (PushResult result : results) {
      RemoteRefUpdate update = result.getRemoteUpdate(refName);
      if (update != null) {
        return update;
      }
    }
    throw new IOException("the server answered nothing about " + refName);
  }

  /** One line for what git said: not a repository, a refused token, or its own words. */
  private SkiffException translate(GitAPIException e) {
    if (e instanceof InvalidRemoteException) {
      return new SkiffException("registry " + shown + ": not a git repository", e);
    }
    if (e instanceof TransportException transport) {
      return transport(transport);
    }
    return new SkiffException("registry " + shown + ": " + e.getMessage(), e);
  }

  private SkiffException transport(TransportException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    // JGit's wording; the URL in the message may hold any digits, so status numbers are not matched.
    if (message.contains("not authorized") || message.contains("Authentication is required")) {
      return new SkiffException("registry " + shown + ": the token was refused; set SKIFF_GITHUB_TOKEN (or GITHUB_TOKEN)"
          + " to a token that may push to it", e);
    }
    if (message.contains("not found") || message.contains("not a git repository")) {
      return new SkiffException("registry " + shown + ": not a git repository (or the token cannot see it)", e);
    }
    return new SkiffException("registry " + shown + ": " + GitCheckout.withoutCredentials(message), e);
  }
}
