package dev.skiff.registry;

import dev.skiff.spi.SkiffException;
import dev.skiff.support.GitUrls;
import dev.skiff.support.UrlCredentials;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;

/** Opens a registry repository given as a local path, bare or with a working tree. */
public final class RegistryRepository {
  private RegistryRepository() {}

  /**
   * A registry given as a folder or as a git URL; a URL is cloned bare, with every branch, into
   * {@code cloneInto}, an empty folder the caller removes.
   */
  public static Repository openOrClone(String registry, Path cloneInto) throws SkiffException {
    return openOrClone(registry, cloneInto, List.of());
  }

  /**
   * The refs hosting services keep for changes not merged yet, which no branch of the registry
   * holds: GitHub's pull requests (from forks too) and GitLab's merge requests.
   */
  public static final List<String> OPEN_CHANGES = List.of("refs/pull/*/head", "refs/merge-requests/*/head");

  /**
   * A registry given as a folder or as a git URL; a URL is cloned bare, with every branch and
   * the given further refs ({@link #OPEN_CHANGES}), into {@code cloneInto}, an empty folder the
   * caller removes. A folder is read as it is, with whatever refs it has.
   */
  public static Repository openOrClone(String registry, Path cloneInto, List<String> moreRefs) throws SkiffException {
    if (GitUrls.isUrl(registry)) {
      try (Git git = Git.cloneRepository().setURI(registry).setBare(true).setDirectory(cloneInto.toFile())
          .setCloneAllBranches(true).call()) {
        if (!moreRefs.isEmpty()) {
          git.fetch().setRemote(Constants.DEFAULT_REMOTE_NAME)
              .setRefSpecs(moreRefs.stream().map(ref -> new RefSpec("+" + ref + ":" + ref)).toList()).call();
        }
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
    return GitUrls.isUrl(registry) ? UrlCredentials.strip(registry)
        : Path.of(registry).toAbsolutePath().normalize().toString();
  }

  /**
   * Opens a registry's git repository.
   *
   * @param folder a clone, or a bare repository
   * @return the repository; close it when done
   * @throws SkiffException when the folder holds no git repository
   */
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

  /**
   * The branch a revision names in the repository at {@code folder}: {@code update/lab/tool} for
   * {@code update/lab/tool}, or {@code origin/update/lab/tool}; empty for {@code HEAD}, a
   * commit, a tag, or a folder that is no repository.
   */
  public static Optional<String> branchNamed(Path folder, String revision) {
    File gitDir = RepositoryCache.FileKey.resolve(folder.toFile(), FS.DETECTED);
    if (gitDir == null) {
      return Optional.empty();
    }
    try (Repository repository = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build()) {
      Ref ref = repository.findRef(revision);
      // HEAD names whatever is checked out, which says nothing of the pull request.
      String name = ref == null || ref.isSymbolic() ? "" : ref.getName();
      if (name.startsWith(Constants.R_HEADS)) {
        return Optional.of(name.substring(Constants.R_HEADS.length()));
      }
      if (name.startsWith(Constants.R_REMOTES) && name.indexOf('/', Constants.R_REMOTES.length()) > 0) {
        return Optional.of(name.substring(name.indexOf('/', Constants.R_REMOTES.length()) + 1));
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // the verifier says what is wrong with the repository
    }
  }

  /**
   * Refuses a commit that holds no registry: neither the rules {@code skiff registry init} writes
   * nor a single manifest page. Rendering or collecting garbage from a source repository, or from
   * the wrong folder, would otherwise give an empty site, or take every blob for unreferenced.
   */
  public static void requireRegistry(Repository repository, RevCommit commit, String name)
      throws SkiffException, IOException {
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      while (walk.next()) {
        String path = walk.getPathString();
        if (path.equals(RegistryLayout.RULES_FILE) || RegistryLayout.parse(path)
            .filter(page -> page.kind() == RegistryLayout.PageKind.MANIFEST).isPresent()) {
          return;
        }
      }
    }
    throw new SkiffException("registry " + name + ": commit " + commit.abbreviate(12).name() + " holds no registry"
        + " (no " + RegistryLayout.RULES_FILE + ", no OWNER/NAME/manifests/TAG/README.md); create one with 'skiff"
        + " registry init'");
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
