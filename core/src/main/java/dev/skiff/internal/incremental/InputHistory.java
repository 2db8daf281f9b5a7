package dev.skiff.internal.incremental;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * When a build's inputs last changed: the newest commit, reachable from HEAD, that changed one of
 * its files. An image takes that commit's time as its date, so that a commit elsewhere in the
 * repository (a README) changes no image. In a shallow clone whose history ends before that
 * change, the oldest commit fetched is the answer, which is what the clone can know.
 */
public final class InputHistory implements AutoCloseable {
  private final Repository repository;
  private final ObjectId head;
  private final String prefix;

  private InputHistory(Repository repository, ObjectId head, String prefix) {
    this.repository = repository;
    this.head = head;
    this.prefix = prefix;
  }

  /** The history of the git checkout holding {@code source}; empty outside git or without a commit. */
  public static Optional<InputHistory> open(Path source) throws IOException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(source.toFile());
    if (builder.getGitDir() == null) {
      return Optional.empty();
    }
    Repository repository = builder.build();
    ObjectId head = repository.resolve("HEAD");
    if (head == null || repository.isBare()) {
      repository.close();
      return Optional.empty();
    }
    Path workTree = repository.getWorkTree().toPath().toRealPath();
    String prefix = workTree.relativize(source.toRealPath()).toString().replace('\\', '/');
    return Optional.of(new InputHistory(repository, head, prefix.isEmpty() ? "" : prefix + "/"));
  }

  /** The time of the newest commit that changed one of {@code paths} (relative to the source folder). */
  public Optional<Instant> lastChange(List<String> paths) throws IOException {
    List<String> inRepository = paths.stream().map(p -> (prefix + p).replaceAll("/+$", "")).toList();
    try (RevWalk walk = new RevWalk(repository)) {
      // A build that reads the whole repository (%files of '.') changes with any commit.
      walk.setTreeFilter(inRepository.contains("") ? TreeFilter.ANY_DIFF
          : AndTreeFilter.create(PathFilterGroup.createFromStrings(inRepository), TreeFilter.ANY_DIFF));
      walk.markStart(walk.parseCommit(head));
      RevCommit commit = walk.next();
      return Optional.ofNullable(commit).map(c -> Instant.ofEpochSecond(c.getCommitTime()));
    }
  }

  @Override
  public void close() {
    repository.close();
  }
}
