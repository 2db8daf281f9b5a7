package dev.skiff.registry.site;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an image came from, as links into its source repository's host: the commit, and the
 * recipe at that commit, in the URL forms of GitHub and GitLab (hosts whose name says which).
 * Other hosts get no links: a guessed URL form would lead people astray.
 */
final class SourceLinks {
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,64}");

  private enum Host { GITHUB, GITLAB }

  private final String repository;
  private final Optional<Host> host;

  private SourceLinks(String repository, Optional<Host> host) {
    this.repository = repository;
    this.host = host;
  }

  /** The links of a repository given by its URL; empty when it is no http(s) URL. */
  static Optional<SourceLinks> of(String repositoryUrl) {
    return NamespaceRenderer.web(repositoryUrl).map(url -> {
      String host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
      Optional<Host> kind = host.equals("github.com") || host.startsWith("github.") ? Optional.of(Host.GITHUB)
          : host.equals("gitlab.com") || host.startsWith("gitlab.") ? Optional.of(Host.GITLAB) : Optional.empty();
      return new SourceLinks(url.replaceFirst("(\\.git)?/*$", ""), kind);
    });
  }

  /** Whether a text is a commit id that links may carry. */
  static boolean isCommit(String text) {
    return COMMIT.matcher(text).matches();
  }

  String repository() {
    return repository;
  }

  /** The commit's page. */
  Optional<String> commit(String commit) {
    if (!isCommit(commit)) {
      return Optional.empty();
    }
    return host.map(h -> repository + (h == Host.GITLAB ? "/-/commit/" : "/commit/") + commit);
  }

  /** A file's page at a commit, such as the recipe an image was built from. */
  Optional<String> file(String commit, String path) {
    if (!isCommit(commit) || path.isBlank() || path.startsWith("/") || path.contains("..")) {
      return Optional.empty();
    }
    try {
      String encoded = new URI(null, null, path, null).getRawPath();
      return host.map(h -> repository + (h == Host.GITLAB ? "/-/blob/" : "/blob/") + commit + "/" + encoded);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
