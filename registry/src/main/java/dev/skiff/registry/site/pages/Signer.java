package dev.skiff.registry.site.pages;

import java.util.List;

/**
 * Who signed a tag's image, as its page shows it, and how to check it.
 *
 * @param fingerprint the signing key's fingerprint
 * @param userId the key's user id, when the registry holds the key; empty otherwise
 * @param keyHref the key's file on the site, relative to the page; empty when the registry does not hold it
 * @param commands the commands that fetch the key and check the pulled image with it
 */
public record Signer(String fingerprint, String userId, String keyHref, List<PullCommand> commands) {}
