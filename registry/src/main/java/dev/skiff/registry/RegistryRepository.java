package dev.skiff.registry;

import dev.skiff.spi.SkiffException;
import dev.skiff.support.UrlCredentials;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/** Opens a registry repository given as a local path, bare or with a working tree. */
public final class RegistryRepository {
  private RegistryRepository() {}

  private static final Pattern GIT_URL = Pattern.compile("^([a-z][a-z0-9+.-]*://|[\\w.-]+@[\\w.-]+:).*");

  /**
   * A registry given as a folder or as a git URL; a URL is cloned bare, with every branch, into
   * {@code cloneInto}, an empty folder the caller removes.
   */
  public static Repository openOrClone(String registry, Path cloneInto) throws SkiffException {
    if (GIT_URL.matcher(registry).matches()) {
      try (Git git = Git.cloneRepository().setURI(registry).setBare(true).setDirectory(cloneInto.toFile())
          .setCloneAllBranches(true).call()) {
        return git.getRepository();
      } catch (GitAPIException e) {
        throw new SkiffException("registry " + nameOf(registry) + ": cannot clone it: "
            + UrlCredentials.strip(String.valueOf(e.getMessage())), e);
      }
    }
    return open(Path.of(registry).toAbsolutePath().normalize());
  }

  /** How messages name a registry given as a folder or a git URL: credentials left out. */
  public static String nameOf(String registry) {
    return GIT_URL.matcher(registry).matches() ? UrlCredentials.strip(registry)
        : Path.of(registry).toAbsolutePath().normalize().toString();
  }

  public static Repository open(Path folder) throws SkiffException {
    if (!Files.isDirectory(folder)) {
      throw new SkiffException("registry " + folder + ": no such folder (create one with 'skiff registry init "
          + folder + "')");
    }
    File gitDir = RepositoryCache.FileKey.resolve(folder.toFile(), FS.DETECTED);
    if (gitDir == null) {
      throw new SkiffException("registry " + folder + ": not a git repository (create one with 'skiff registry init "
          + folder + "')");
    }
    try {
      return new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
    } catch (IOException e) {
      throw new SkiffException("registry " + folder + ": cannot open the git repository: " + e.getMessage(), e);
    }
  }

  /** The branch HEAD names, such as {@code refs/heads/main}, which must have a commit. */
  public static Ref defaultBranch(Repository repository, Path folder) throws SkiffException, IOException {
    Ref head = repository.exactRef(Constants.HEAD);
    if (head == null || head.getTarget().getObjectId() == null) {
      throw new SkiffException("registry " + folder + ": its default branch "
          + (head == null ? "" : Repository.shortenRefName(head.getTarget().getName()) + " ")
          + "has no commit yet; commit a README first, or create it with 'skiff registry init'");
    }
    return head.getTarget();
  }
}
