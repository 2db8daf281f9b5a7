package dev.skiff.registry.site.pages;

/**
 * An image published lately, as the home page lists it.
 *
 * @param namespace {@code owner/name}
 * @param href its namespace's page, relative to the site's root, at the tag's section
 * @param tag the tag
 * @param published when, for people
 * @param size its size for people
 * @param shortDigest the first hex digits of its digest
 */
public record RecentImage(String namespace, String href, String tag, String published, String size,
    String shortDigest) {}
