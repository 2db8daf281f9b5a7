package dev.skiff.spi;

import dev.skiff.model.Tag;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * @param changed false when the registry already held these manifests and nothing was written
 * @param location where the change went, for people ("branch update/myorg/centos of /srv/registry")
 * @param commit the new commit, when one was made
 * @param url a page to look at, such as the pull request
 * @param removed the tags whose pages the commit removed, because their recipes are gone
 */
public record PublishResult(
    boolean changed, String location, Optional<String> commit, Optional<URI> url, List<Tag> removed) {

  /** Checks that the components are given. */
  public PublishResult {
    removed = List.copyOf(removed);
  }

  /** A result that removed no tag. */
  public PublishResult(boolean changed, String location, Optional<String> commit, Optional<URI> url) {
    this(changed, location, commit, url, List.of());
  }
}
