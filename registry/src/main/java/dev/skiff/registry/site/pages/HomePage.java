package dev.skiff.registry.site.pages;

/**
 * The site's home page: search, and the way to browse.
 *
 * @param namespaces how many namespaces the registry has
 * @param manifests how many tags in all
 * @param browsePages how many browse pages there are
 */
public record HomePage(String root, String title, int namespaces, int manifests, int browsePages) {}
