package dev.skiff.registry.site.pages;

/**
 * An owner and what it holds, for the home page.
 *
 * @param owner the owner's name
 * @param href its page, relative to the site's root
 * @param counts its namespaces and tags, in words ({@code 2 namespaces, 5 tags})
 */
public record OwnerSummary(String owner, String href, String counts) {}
