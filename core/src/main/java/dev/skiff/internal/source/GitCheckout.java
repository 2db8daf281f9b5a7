package dev.skiff.internal.source;

import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.Namespace;
import dev.skiff.support.UrlCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The git checkout a source folder lives in: its HEAD commit and commit time, and its remote
 * {@code origin}, from which the namespace can be read.
 *
 * @param head the HEAD commit, if the repository has one
 * @param commitTime HEAD's committer time
 * @param origin the URL of the remote {@code origin}, without credentials
 */
public record GitCheckout(Optional<String> head, Optional<Instant> commitTime, Optional<String> origin) {
  // https://host/owner/name(.git), ssh://git@host/owner/name.git, git@host:owner/name.git
  private static final Pattern OWNER_NAME = Pattern.compile("[:/]([^/:]+)/([^/]+?)(?:\\.git)?/?$");

  /** The checkout holding {@code folder}, or empty when it is not in a git repository. */
  public static Optional<GitCheckout> find(Path folder) throws IOException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(folder.toFile());
    if (builder.getGitDir() == null) {
      return Optional.empty();
    }
    try (Repository repository = builder.build()) {
      Optional<String> origin = Optional.ofNullable(repository.getConfig().getString("remote", "origin", "url"))
          .map(UrlCredentials::strip);
      ObjectId head = repository.resolve("HEAD");
      if (head == null) {
        return Optional.of(new GitCheckout(Optional.empty(), Optional.empty(), origin));
      }
      try (RevWalk walk = new RevWalk(repository)) {
        RevCommit commit = walk.parseCommit(head);
        return Optional.of(new GitCheckout(Optional.of(head.name()),
            Optional.of(Instant.ofEpochSecond(commit.getCommitTime())), origin));
      }
    }
  }

  /** The namespace the remote's URL names, such as {@code myorg/centos} for {@code git@github.com:myorg/centos.git}. */
  public Optional<Namespace> namespace() {
    return origin.flatMap(url -> {
      Matcher m = OWNER_NAME.matcher(url);
      if (!m.find()) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Namespace(m.group(1), m.group(2)));
      } catch (InvalidReferenceException e) {
        return Optional.empty();
      }
    });
  }
}
