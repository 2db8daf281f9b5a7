package dev.skiff.spi;

import java.net.URI;
import java.util.Optional;

/**
 * @param changed false when the registry already held these manifests and nothing was written
 * @param location where the change went, for people ("branch update/myorg/centos of /srv/registry")
 * @param commit the new commit, when one was made
 * @param url a page to look at, such as the pull request
 */
public record PublishResult(
    boolean changed, String location, Optional<String> commit, Optional<URI> url) {}
