package dev.skiff.registry.site.pages;

import java.util.Optional;

/**
 * One image a tag pointed at, on the history page.
 *
 * @param published when the registry got it, for people ({@code 2026-11-30 12:00 UTC})
 * @param digest the image's digest in full, which a pull can pin
 * @param shortDigest the first hex digits of it
 * @param size its size for people
 * @param commit the source commit it was built from, linked where the repository's host is known
 */
public record HistoryRow(String published, String digest, String shortDigest, String size, Optional<Link> commit) {}
