package dev.skiff.publisher;

import dev.skiff.model.Namespace;
import dev.skiff.registry.RegistryRepository;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.PublishResult;
import dev.skiff.spi.Publisher;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import dev.skiff.model.Manifest;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * Publishes into a registry repository on this machine: one commit on the branch
 * {@code update/<owner>/<name>}, created from the default branch or advanced if it exists. The
 * commit is built in memory (no checkout, the working tree is never touched) and the branch moves
 * only if nobody moved it meanwhile. A tag whose image digest is unchanged keeps its page as it is,
 * so that a run that builds the same images commits nothing.
 */
final class LocalFolderPublisher implements Publisher {
  private final Path folder;
  private final UpdateTarget target;
  private final PersonIdent identity;

  LocalFolderPublisher(Path folder, UpdateTarget target, PersonIdent identity) {
    this.folder = folder;
    this.target = target;
    this.identity = identity;
  }

  /**
   * Checks the registry before anything is built for it: a repository with a commit on its default
   * branch, whose git folder this process may write, and, for a commit onto the default branch, no
   * working tree that has that branch checked out.
   */
  LocalFolderPublisher check() throws SkiffException {
    try (Repository repository = RegistryRepository.open(folder)) {
      Ref defaultBranch = RegistryRepository.defaultBranch(repository, folder);
      Path gitDir = repository.getDirectory().toPath();
      if (!Files.isWritable(gitDir) || !Files.isWritable(gitDir.resolve("objects"))
          || !Files.isWritable(gitDir.resolve("refs"))) {
        throw new SkiffException("registry " + folder + ": the repository " + gitDir + " is not writable by this user");
      }
      if (target.branchPrefix() == null) {
        refuseCheckedOut(repository, defaultBranch.getName());
      }
    } catch (IOException e) {
      throw new SkiffException("registry " + folder + ": cannot read the git repository: " + e.getMessage(), e);
    }
    return this;
  }

  private void refuseCheckedOut(Repository repository, String refName) throws SkiffException, IOException {
    if (!repository.isBare() && refName.equals(repository.getFullBranch())) {
      String branch = Repository.shortenRefName(refName);
      throw new SkiffException("registry " + folder + ": branch " + branch + " is checked out; check out another"
          + " branch, or use a bare repository, so that Skiff can update " + branch + " without touching the"
          + " working tree");
    }
  }

  @Override
  public PublishResult publish(PublishRequest request) throws SkiffException, IOException {
    Namespace namespace = request.namespace();
    try (Repository repository = RegistryRepository.open(folder)) {
      Ref defaultBranch = RegistryRepository.defaultBranch(repository, folder);
      String refName = target.refName(namespace, defaultBranch.getName());
      String branch = Repository.shortenRefName(refName);
      if (!Repository.isValidRefName(refName)) {
        throw new SkiffException("registry " + folder + ": '" + branch + "' is not a valid branch name;"
            + " check publisher.branch.prefix");
      }
      refuseCheckedOut(repository, refName);
      Ref existing = repository.exactRef(refName);
      ObjectId base = existing != null ? existing.getObjectId() : defaultBranch.getObjectId();
      String location = "branch " + branch + " of " + folder;
      RegistryCommit.Outcome outcome = RegistryCommit.build(repository, base, request, target.keepRemovedTags(), identity);
      outcome.changes().lines().forEach(request.log()::line);
      Optional<ObjectId> commit = outcome.commit();
      if (commit.isEmpty()) {
        String current = existing != null ? location
            : "default branch " + Repository.shortenRefName(defaultBranch.getName()) + " of " + folder;
        return new PublishResult(false, current, Optional.empty(), Optional.empty());
      }
      move(repository, refName, existing, commit.get(), branch);
      return new PublishResult(true, location, Optional.of(commit.get().name()), Optional.empty(),
          outcome.changes().removed());
    }
  }

  @Override
  public List<Manifest> published(Namespace namespace) throws SkiffException, IOException {
    try (Repository repository = RegistryRepository.open(folder);
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      Ref defaultBranch = RegistryRepository.defaultBranch(repository, folder);
      Ref existing = repository.exactRef(target.refName(namespace, defaultBranch.getName()));
      ObjectId tip = existing != null ? existing.getObjectId() : defaultBranch.getObjectId();
      return new NamespacePages(reader, walk.parseCommit(tip)).published(namespace);
    }
  }

  private void move(Repository repository, String refName, Ref existing, ObjectId commit, String branch)
      throws SkiffException, IOException {
    RefUpdate update = repository.updateRef(refName);
    update.setExpectedOldObjectId(existing != null ? existing.getObjectId() : ObjectId.zeroId());
    update.setNewObjectId(commit);
    update.setRefLogMessage("skiff: publish", false);
    RefUpdate.Result result = update.update();
    switch (result) {
      case NEW, FAST_FORWARD -> { }
      case LOCK_FAILURE, REJECTED -> throw new SkiffException("registry " + folder + ": branch " + branch
          + " was changed by someone else during this run; run again");
      default -> throw new SkiffException("registry " + folder + ": cannot update branch " + branch + ": " + result);
    }
  }
}
