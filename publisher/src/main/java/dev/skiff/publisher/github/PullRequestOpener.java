package dev.skiff.publisher.github;

import dev.skiff.model.Manifest;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.RetryPolicy;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Opens the registry pull request for an update branch, or updates the body of the one already
 * open, so that each source repository has one pull request that always shows its latest images.
 */
public final class PullRequestOpener {
  private final GitHubClient github;
  private final PullRequestSettings settings;

  public PullRequestOpener(PullRequestSettings settings, String token, RetryPolicy retry) {
    this.github = new GitHubClient(settings.api(), token, retry, settings.timeout());
    this.settings = settings;
  }

  /**
   * @param forkOwner the owner of the fork the branch was pushed to; empty when it went to the registry
   * @param branch the pushed branch, such as {@code update/myorg/centos}
   * @param base the registry's default branch
   * @return the pull request's page
   */
  public URI open(PublishRequest request, List<String> changes, Optional<String> forkOwner, String branch, String base)
      throws SkiffException, InterruptedException {
    String repository = settings.repository();
    String headOwner = forkOwner.orElse(repository.substring(0, repository.indexOf('/')));
    // A branch of the registry itself is named alone; a fork's as FORK-OWNER:BRANCH.
    String head = forkOwner.map(owner -> owner + ":" + branch).orElse(branch);
    String body = body(request, changes);
    var existing = github.findOpen(repository, headOwner, branch, base);
    if (existing.isEmpty()) {
      var created = github.create(repository, "Update " + request.namespace(), head, base, body, settings.draft());
      if (created.isPresent()) {
        int number = created.get().number();
        if (!settings.labels().isEmpty()) {
          github.addLabels(repository, number, settings.labels());
        }
        if (!settings.assignees().isEmpty()) {
          github.addAssignees(repository, number, settings.assignees());
        }
        if (!settings.reviewers().isEmpty() || !settings.teamReviewers().isEmpty()) {
          github.requestReviewers(repository, number, settings.reviewers(), settings.teamReviewers());
        }
        request.log().line("opened pull request #" + number + ": " + created.get().url());
        return created.get().url();
      }
      // Another run opened it between the search and the creation: update that one.
      existing = github.findOpen(repository, headOwner, branch, base);
      if (existing.isEmpty()) {
        throw new SkiffException("GitHub says a pull request for " + head + " exists, but none is open on "
            + repository);
      }
    }
    if (!existing.get().body().equals(body)) {
      github.updateBody(repository, existing.get().number(), body);
      request.log().line("updated pull request #" + existing.get().number() + ": " + existing.get().url());
    }
    return existing.get().url();
  }

  /**
   * The table of what the branch publishes (tags, digests, sizes), what it changes against the
   * default branch (additions, updates, rewrites and removals), the source commit and CI build.
   */
  static String body(PublishRequest request, List<String> changes) {
    StringBuilder body = new StringBuilder("Images of `").append(request.namespace()).append("`, built and stored by"
        + " Skiff.\n\n| tag | digest | size (bytes) |\n| --- | --- | --- |\n");
    for (Manifest manifest : request.manifests()) {
      body.append("| `").append(manifest.tag()).append("` | `").append(manifest.digest()).append("` | ")
          .append(manifest.size()).append(" |\n");
    }
    if (!changes.isEmpty()) {
      body.append("\nChanges against the default branch:\n\n");
      changes.forEach(line -> body.append("- ").append(line).append('\n'));
    }
    request.source().repository().ifPresent(r -> body.append("\nSource: ").append(r)
        .append(request.source().commit().map(c -> " @ `" + c + "`").orElse("")).append('\n'));
    request.source().buildUrl().ifPresent(u -> body.append("Build: ").append(u).append('\n'));
    return body.toString();
  }
}
