package dev.skiff.registry;

import dev.skiff.spi.SkiffException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/** Opens a registry repository given as a local path, bare or with a working tree. */
public final class RegistryRepository {
  private RegistryRepository() {}

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
