package dev.skiff.report;

import dev.skiff.model.Digest;
import dev.skiff.model.Manifest;
import dev.skiff.model.Tag;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What happened to one recipe in a run; the rows of the run report.
 *
 * @param recipe the recipe's path in the source repository
 * @param tag the tag, when the recipe got as far as having one
 * @param status what became of it
 * @param digest the image's digest, once built
 * @param size the image's size in bytes, once built
 * @param uploaded whether bytes were sent to storage (false when the blob was already there)
 * @param url the blob's public URL, once stored
 * @param error the one-line reason, when it failed or was skipped
 * @param duration how long its build and store took
 */
public record BuildRecord(
    String recipe,
    Optional<Tag> tag,
    Status status,
    Optional<Digest> digest,
    Optional<Long> size,
    boolean uploaded,
    Optional<URI> url,
    Optional<String> error,
    Duration duration) {

  /** What happened to a recipe in a run. */
  public enum Status {
    /** Built and stored. */
    BUILT,
    /** Not built: its folder is frozen, or its inputs are unchanged (its published image is carried forward). */
    SKIPPED,
    /** Its build or upload failed; nothing of it was published. */
    FAILED
  }

  /** A recipe not built, and why (its inputs are unchanged, or it is frozen). */
  public static BuildRecord skipped(String recipe, Optional<Tag> tag, String reason) {
    return new BuildRecord(recipe, tag, Status.SKIPPED, Optional.empty(), Optional.empty(), false,
        Optional.empty(), Optional.of(reason), Duration.ZERO);
  }

  /** Not built because nothing it reads changed: the registry's image stays, under its current URL. */
  public static BuildRecord unchanged(String recipe, Manifest published, String reason) {
    return new BuildRecord(recipe, Optional.of(published.tag()), Status.SKIPPED, Optional.of(published.digest()),
        Optional.of(published.size()), false, Optional.of(published.url()), Optional.of(reason), Duration.ZERO);
  }

  /** The same record with the image at another URL. */
  public BuildRecord withUrl(URI url) {
    return new BuildRecord(recipe, tag, status, digest, size, uploaded, Optional.of(url), error, duration);
  }

  /** A recipe whose build failed, with the one-line reason. */
  public static BuildRecord failed(String recipe, Tag tag, String error, Duration duration) {
    return new BuildRecord(recipe, Optional.of(tag), Status.FAILED, Optional.empty(),
        Optional.empty(), false, Optional.empty(), Optional.of(error), duration);
  }

  /** A recipe built and stored. */
  public static BuildRecord built(
      String recipe, Tag tag, Digest digest, long size, boolean uploaded, URI url, Duration duration) {
    return new BuildRecord(recipe, Optional.of(tag), Status.BUILT, Optional.of(digest),
        Optional.of(size), uploaded, Optional.of(url), Optional.empty(), duration);
  }
}
