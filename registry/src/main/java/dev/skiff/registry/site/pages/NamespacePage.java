package dev.skiff.registry.site.pages;

import java.util.List;
import java.util.Optional;

/**
 * The page of one namespace, {@code <owner>/<name>/index.html}.
 *
 * @param root the way back to the site's root from the page ({@code ../../})
 * @param name {@code owner/name}
 * @param description the collection's description
 * @param source the source repository, when the manifests record an http(s) one
 * @param tags its tags, in order
 * @param badgeMarkdown the Markdown that shows the namespace's badge in a source repository's README
 */
public record NamespacePage(String root, String name, Optional<String> description, Optional<Link> source,
    List<TagRow> tags, String badgeMarkdown) {}
