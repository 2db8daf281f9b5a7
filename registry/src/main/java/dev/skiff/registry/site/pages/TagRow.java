package dev.skiff.registry.site.pages;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One tag on its namespace's page.
 *
 * @param tag the tag
 * @param digest the image's digest in full
 * @param shortDigest the first hex digits of it
 * @param size the size for people ({@code 1.4 GiB})
 * @param bytes the size in bytes
 * @param created the build date, when the page records it
 * @param builder the builder's name, when recorded
 * @param commit the source commit, linked to the source repository where it is an http(s) URL
 * @param recipe the recipe's path, when recorded, linked at the source commit where the repository's host is known
 * @param download the image's URL, linked when it is http(s)
 * @param labels the recipe's labels
 * @param commands the commands that pull it
 * @param signer who signed the image, when its manifest records a signer
 * @param buildRun the CI run that built it, when recorded as an http(s) URL
 * @param earlier the images the tag pointed at before, newest first
 */
public record TagRow(
    String tag,
    String digest,
    String shortDigest,
    String size,
    long bytes,
    Optional<String> created,
    Optional<String> builder,
    Optional<Link> commit,
    Optional<Link> recipe,
    Link download,
    Map<String, String> labels,
    List<PullCommand> commands,
    Optional<Signer> signer,
    Optional<Link> buildRun,
    List<HistoryRow> earlier) {}
