package dev.skiff.registry;

import dev.skiff.spi.SkiffException;
import dev.skiff.support.Release;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** {@code skiff registry init}: a new registry repository with a default branch and a README. */
public final class RegistryInit {
  private RegistryInit() {}

  /**
   * Creates the repository in {@code folder}, which must not exist or be empty.
   *
   * @return the new commit's id
   */
  public static String init(Path folder, String defaultBranch, String organization) throws SkiffException {
    if (Files.exists(folder)) {
      try (Stream<Path> entries = Files.list(folder)) {
        if (entries.findAny().isPresent()) {
          throw new SkiffException("registry " + folder + ": the folder is not empty; give a new or empty folder");
        }
      } catch (IOException e) {
        throw new SkiffException("registry " + IoMessages.describe(e), e);
      }
    }
    try (Git git = Git.init().setDirectory(folder.toFile()).setInitialBranch(defaultBranch).call()) {
      Files.writeString(folder.resolve("README.md"), readme(organization));
      for (var template : TEMPLATES.entrySet()) {
        Path file = folder.resolve(template.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, template(template.getValue()).replace("__DEFAULT_BRANCH__", defaultBranch)
            .replace("__SKIFF_VERSION__", Release.version()));
      }
      git.add().addFilepattern(".").call();
      PersonIdent skiff = RegistryCommitter.now();
      return git.commit().setMessage("Start the container registry of " + organization)
          .setAuthor(skiff).setCommitter(skiff).setSign(false).call().name();
    } catch (GitAPIException e) {
      throw new SkiffException("registry " + folder + ": cannot create the repository: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new SkiffException("registry " + IoMessages.describe(e), e);
    }
  }

  /**
   * The registry's CI (skiff verify on every pull request, skiff site on every push) and its rules,
   * path in the registry to template.
   */
  static final Map<String, String> TEMPLATES = Map.of(
      ".github/workflows/skiff-verify.yml", "github-verify.yml",
      ".github/workflows/skiff-site.yml", "github-site.yml",
      ".circleci/config.yml", "circleci-config.yml",
      ".skiff/registry.yml", "registry.yml");

  private static String template(String name) throws IOException {
    try (InputStream in = RegistryInit.class.getResourceAsStream("templates/" + name)) {
      if (in == null) {
        throw new IOException("template " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String readme(String organization) {
    return "# Container registry of " + organization + "\n\n"
        + "This repository lists the Singularity/Apptainer containers of " + organization + ". It holds only\n"
        + "metadata: one folder per source repository (`<owner>/<name>/`), with a manifest per tag\n"
        + "(`<owner>/<name>/manifests/<tag>/README.md`) that records the image's size, sha256 digest\n"
        + "and download URL. The images themselves live in object storage.\n\n"
        + "Source repositories publish here with `skiff run`, through a branch `update/<owner>/<name>`\n"
        + "and a pull request, one per source repository. Every pull request is checked by `skiff verify`\n"
        + "(`.github/workflows/skiff-verify.yml`, `.circleci/config.yml`): it may change only its own\n"
        + "namespace, and its images must exist with the recorded size and type. Make that check required\n"
        + "in the branch protection of the default branch. The rules it applies are in `.skiff/registry.yml`.\n\n"
        + "Every push to the default branch renders the registry as a static site with `skiff site` and\n"
        + "deploys it to GitHub Pages (`.github/workflows/skiff-site.yml`): the registry API, a page per\n"
        + "namespace with the commands that pull each tag, and search.\n";
  }
}
