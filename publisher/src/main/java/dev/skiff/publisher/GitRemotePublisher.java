package dev.skiff.publisher;

import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.publisher.github.PullRequestOpener;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.PublishResult;
import dev.skiff.spi.Publisher;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.IoMessages;
import dev.skiff.support.UrlCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushConnection;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * Publishes to a registry repository on a git server: fetches only what it needs (the tip it builds
 * on, and of that only the namespace's folder where the server allows, see {@link RegistryFetch})
 * into a private bare repository, builds the commit in memory on top, and pushes it without force,
 * so that a branch another run moved meanwhile is read again and retried (a few times), never
 * overwritten.
 *
 * <p>With a fork, the branch goes to the fork (which the token may push to) and is built on the
 * registry's default branch; the registry itself is only read, so source repositories need no
 * write access to it. GitHub keeps a fork's objects with its parent's, which is why the fork
 * accepts a commit whose parent it has only through the registry.
 */
final class GitRemotePublisher implements Publisher {
  private static final int ATTEMPTS = 3;

  /** A git remote this publisher talks to, and how messages name it. */
  record Remote(URIish url, String role) {
    String address() {
      return UrlCredentials.strip(url.toString());
    }

    String shown() {
      return role + " " + address();
    }
  }

  private final Remote registry;
  private final Remote pushTo;
  private final UpdateTarget target;
  private final PersonIdent identity;
  private final CredentialsProvider credentials;
  private final SshKeys ssh;
  private final Path workDir;
  private final Optional<PullRequestOpener> pullRequests;
  private final Optional<String> forkOwner;

  /**
   * @param fork where the branch goes instead of the registry, if anywhere
   * @param forkOwner the fork's owner, for the pull request's head
   */
  GitRemotePublisher(URIish registry, Optional<URIish> fork, Optional<String> forkOwner, UpdateTarget target,
      PersonIdent identity, CredentialsProvider credentials, SshKeys ssh, Path workDir,
      Optional<PullRequestOpener> pullRequests) {
    this.registry = new Remote(registry, "registry");
    this.pushTo = fork.map(url -> new Remote(url, "fork")).orElse(this.registry);
    this.forkOwner = forkOwner;
    this.pullRequests = pullRequests;
    this.target = target;
    this.identity = identity;
    this.credentials = credentials;
    this.ssh = ssh;
    this.workDir = workDir;
  }

  /** Fails now, before anything is built, when the registry (or the fork) cannot be read with the token. */
  GitRemotePublisher check() throws SkiffException {
    list(registry);
    if (pushTo != registry) {
      list(pushTo);
    }
    mayPush(pushTo);
    return this;
  }

  /**
   * Opens a push to the remote and sends nothing: servers ask for write access at that point, so a
   * registry that takes no push from this token (or this key) fails the run before anything is built.
   */
  private void mayPush(Remote remote) throws SkiffException {
    try (Git git = bareRepository(); Transport transport = Transport.open(git.getRepository(), remote.url())) {
      transport.setCredentialsProvider(credentials);
      ssh.configure(transport);
      try (PushConnection connection = transport.openPush()) {
        connection.getRefsMap();
      }
    } catch (org.eclipse.jgit.errors.TransportException e) {
      throw translate(new TransportException(e.getMessage(), e), remote);
    } catch (GitAPIException e) {
      throw translate(e, remote);
    } catch (IOException e) {
      throw new SkiffException(remote.shown() + ": " + IoMessages.describe(e), e);
    }
  }

  /** Where a publish of the namespace builds on: its branch's tip, where the branch lives, and the default branch. */
  private record Tip(String refName, String defaultBranch, Ref existing, Ref defaultTip, ObjectId base, Remote source) {
    String branch() {
      return Repository.shortenRefName(refName);
    }
  }

  private Tip tip(Namespace namespace) throws SkiffException {
    Collection<Ref> registryRefs = list(registry);
    String defaultBranch = defaultBranch(registryRefs);
    String refName = target.refName(namespace, defaultBranch);
    if (!Repository.isValidRefName(refName)) {
      throw new SkiffException(registry.shown() + ": '" + Repository.shortenRefName(refName)
          + "' is not a valid branch name; check publisher.branch.prefix");
    }
    Ref existing = find(pushTo == registry ? registryRefs : list(pushTo), refName);
    Ref defaultTip = find(registryRefs, defaultBranch);
    ObjectId base = existing != null ? existing.getObjectId() : defaultTip != null ? defaultTip.getObjectId() : null;
    if (base == null) {
      throw new SkiffException(registry.shown() + ": its default branch has no commit yet");
    }
    return new Tip(refName, defaultBranch, existing, defaultTip, base, existing != null ? pushTo : registry);
  }

  private Git bareRepository() throws GitAPIException {
    return Git.init().setBare(true).setDirectory(workDir.resolve("registry.git").toFile()).call();
  }

  @Override
  public List<Manifest> published(Namespace namespace) throws SkiffException, IOException {
    try (Git git = bareRepository()) {
      Tip tip = tip(namespace);
      fetch(git, tip.source(), tip.base(), namespace);
      try (ObjectReader reader = git.getRepository().newObjectReader(); RevWalk walk = new RevWalk(reader)) {
        return new NamespacePages(reader, walk.parseCommit(tip.base())).published(namespace);
      }
    } catch (GitAPIException e) {
      throw translate(e, registry);
    }
  }

  @Override
  public PublishResult publish(PublishRequest request) throws SkiffException, IOException, InterruptedException {
    try (Git git = bareRepository()) {
      for (int attempt = 1; ; attempt++) {
        Tip tip = tip(request.namespace());
        String branch = tip.branch();
        RegistryFetch.Fetched fetched = fetch(git, tip.source(), tip.base(), request.namespace());
        if (attempt == 1 && fetched.offPathFetched()) {
          request.log().line(tip.source().shown() + ": its server serves no partial fetch, so every page of the"
              + " registry was fetched, which takes time and memory in proportion to it (a git server allows"
              + " partial fetches with uploadpack.allowFilter and uploadpack.allowAnySHA1InWant)");
        }
        Repository repository = git.getRepository();
        RegistryCommit.Outcome outcome = RegistryCommit.build(repository, tip.base(), request, target.keepRemovedTags(), identity);
        Optional<ObjectId> commit = outcome.commit();
        String location = "branch " + branch + " of " + pushTo.address();
        String defaultName = Repository.shortenRefName(tip.defaultBranch());
        boolean wantsPullRequest = pullRequests.isPresent() && !tip.refName().equals(tip.defaultBranch());
        if (commit.isEmpty()) {
          // Nothing to commit; a pull request that a failed run did not open yet is opened now.
          Optional<URI> pullRequest = tip.existing() != null && wantsPullRequest
              ? Optional.of(openPullRequest(git, tip, tip.base(), request)) : Optional.empty();
          return new PublishResult(false, tip.existing() != null ? location
              : "default branch " + defaultName + " of " + registry.address(),
              Optional.empty(), pullRequest);
        }
        outcome.changes().lines().forEach(request.log()::line);
        // The push reads no tree the push remote has; when the base came from another remote (a fork
        // without the branch yet), only those never fetched are left unread, and the fork gets the rest.
        Set<ObjectId> remotes = tip.source() == pushTo ? fetched.offPath() : fetched.absent();
        RemoteRefUpdate pushed = push(repository, remotes, commit.get(), tip.refName());
        RemoteRefUpdate.Status status = pushed.getStatus();
        if (status == RemoteRefUpdate.Status.OK || status == RemoteRefUpdate.Status.UP_TO_DATE) {
          Optional<URI> pullRequest = wantsPullRequest
              ? Optional.of(openPullRequest(git, tip, commit.get(), request)) : Optional.empty();
          return new PublishResult(true, location, Optional.of(commit.get().name()), pullRequest,
              outcome.changes().removed());
        }
        if (attempt >= ATTEMPTS || !moved(tip.refName(), tip.existing())) {
          throw new SkiffException(pushTo.shown() + ": the push of " + branch + " was refused"
              + (pushed.getMessage() != null ? ": " + pushed.getMessage() : " (" + status + ")")
              + (attempt >= ATTEMPTS ? ", " + ATTEMPTS + " times; other runs keep moving it, run again" : "")
              + "; nothing was changed");
        }
      }
    } catch (GitAPIException e) {
      throw translate(e, registry);
    }
  }

  /**
   * Opens or updates the pull request, whose body says what the branch changes against the
   * default branch (the namespace's folder of which is fetched for that, narrowly, when the branch
   * was built on an older commit).
   */
  private URI openPullRequest(Git git, Tip tip, ObjectId head, PublishRequest request)
      throws SkiffException, IOException, InterruptedException {
    List<String> changes = List.of();
    if (tip.defaultTip() != null) {
      ObjectId defaultCommit = tip.defaultTip().getObjectId();
      fetch(git, registry, defaultCommit, request.namespace());
      changes = RegistryCommit.changes(git.getRepository(), defaultCommit, head, request.namespace()).lines();
    }
    return pullRequests.get().open(request, changes, forkOwner, tip.branch(),
        Repository.shortenRefName(tip.defaultBranch()));
  }

  @Override
  public void close() {
    ssh.close();
  }

  private Collection<Ref> list(Remote remote) throws SkiffException {
    try {
      return Git.lsRemoteRepository().setRemote(remote.url().toString()).setCredentialsProvider(credentials)
          .setTransportConfigCallback(ssh).call();
    } catch (GitAPIException e) {
      throw translate(e, remote);
    }
  }

  private RegistryFetch.Fetched fetch(Git git, Remote remote, ObjectId base, Namespace namespace)
      throws SkiffException, IOException {
    try {
      return new RegistryFetch(git, remote.url().toString(), credentials, ssh).fetch(base, namespace);
    } catch (GitAPIException e) {
      throw translate(e, remote);
    }
  }

  private static Ref find(Collection<Ref> refs, String name) {
    return refs.stream().filter(r -> r.getName().equals(name)).findFirst().orElse(null);
  }

  /**
   * Whether another run moved the branch since this run read it. Servers word a lost race in
   * their own ways ("fetch first", "failed to lock", "invalid old id"), so the ref is read again.
   */
  private boolean moved(String refName, Ref seen) throws SkiffException {
    Ref now = find(list(pushTo), refName);
    return now == null ? seen != null : seen == null || !now.getObjectId().equals(seen.getObjectId());
  }

  /** The branch the remote's HEAD names, or main when the server does not say. */
  private static String defaultBranch(Collection<Ref> refs) {
    for (Ref ref : refs) {
      if (ref.getName().equals(Constants.HEAD) && ref.isSymbolic()) {
        return ref.getTarget().getName();
      }
    }
    Ref head = find(refs, Constants.HEAD);
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
  private RemoteRefUpdate push(Repository repository, Set<ObjectId> remoteTrees, ObjectId commit, String refName)
      throws SkiffException, IOException {
    Iterable<PushResult> results;
    try (Repository forPush = new ElidedTreesRepository(repository.getDirectory(), remoteTrees);
        Git git = Git.wrap(forPush)) {
      results = git.push().setRemote(pushTo.url().toString()).setCredentialsProvider(credentials)
          .setTransportConfigCallback(ssh).setRefSpecs(new RefSpec(commit.name() + ":" + refName)).setForce(false).setAtomic(false).call();
    } catch (GitAPIException e) {
      throw translate(e, pushTo);
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
  private static SkiffException translate(GitAPIException e, Remote remote) {
    if (e instanceof InvalidRemoteException) {
      return new SkiffException(remote.shown() + ": not a git repository", e);
    }
    String message = UrlCredentials.strip(e.getMessage() == null ? "" : e.getMessage());
    // JGit starts its messages with the URL, which the line already names.
    if (message.startsWith(remote.address() + ": ")) {
      message = message.substring(remote.address().length() + 2);
    }
    // Some answers (SSH's among them) span lines; the error is one line.
    message = String.join("; ", message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    if (e instanceof TransportException) {
      // JGit's wording; the URL in the message may hold any digits, so status numbers are not matched.
      if (message.contains("not authorized") || message.contains("Authentication is required")) {
        return new SkiffException(remote.shown() + ": the token was refused; set SKIFF_GITHUB_TOKEN (or GITHUB_TOKEN)"
            + " to a token that may push to it", e);
      }
      if (message.contains("Cannot log in") || message.contains("no keys to try")) {
        return new SkiffException(remote.shown() + ": the SSH server accepted none of the keys in ~/.ssh; add a key it"
            + " accepts (" + message + ")", e);
      }
      if (message.contains("git-receive-pack not permitted")) {
        return new SkiffException(remote.shown() + ": the token may read but not push; give it write access to the"
            + " repository (Contents: Read and write)", e);
      }
      if (message.contains("not found") || message.contains("not a git repository")) {
        return new SkiffException(remote.shown() + ": not a git repository (or the token cannot see it)", e);
      }
    }
    return new SkiffException(remote.shown() + ": " + message + rootCause(e, message), e);
  }

  /**
   * What lies under JGit's words ("cannot open git-upload-pack"), when they do not say it: a host
   * that does not resolve, a refused connection, a certificate. Otherwise it shows only with -v.
   */
  private static String rootCause(Throwable e, String message) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root == e) {
      return "";
    }
    String cause = root instanceof UnknownHostException ? "the host " + root.getMessage() + " does not resolve"
        : root instanceof IOException io ? IoMessages.describe(io)
        : String.valueOf(root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName());
    cause = UrlCredentials.strip(cause);
    return message.contains(cause) ? "" : " (" + cause + ")";
  }
}
