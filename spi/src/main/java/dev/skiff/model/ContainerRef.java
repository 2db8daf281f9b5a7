package dev.skiff.model;

import java.util.Optional;

/**
 * A reference to a container, {@code owner/name[:tag][@sha256:hex]}; the tag defaults to
 * {@code latest} when neither a tag nor a digest is given.
 */
public record ContainerRef(Namespace namespace, Tag tag, Optional<Digest> digest) {

  /** Checks that the components are given. */
  public ContainerRef {
    if (namespace == null || tag == null || digest == null) {
      throw new NullPointerException("namespace, tag and digest must not be null");
    }
  }

  /** A reference by tag, without a digest. */
  public static ContainerRef of(Namespace namespace, Tag tag) {
    return new ContainerRef(namespace, tag, Optional.empty());
  }

  /** A reference by tag pinned to a digest. */
  public static ContainerRef of(Namespace namespace, Tag tag, Digest digest) {
    return new ContainerRef(namespace, tag, Optional.of(digest));
  }

  /**
   * Reads {@code OWNER/NAME[:TAG][@sha256:HEX]}.
   *
   * @param text the reference
   * @return the reference
   * @throws InvalidReferenceException when it is not one
   */
  public static ContainerRef parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidReferenceException("empty container reference: expected OWNER/NAME[:TAG][@sha256:HEX]");
    }
    try {
      String rest = text;
      Optional<Digest> digest = Optional.empty();
      int at = rest.indexOf('@');
      if (at >= 0) {
        digest = Optional.of(Digest.parse(rest.substring(at + 1)));
        rest = rest.substring(0, at);
      }
      Tag tag = Tag.LATEST;
      int colon = rest.indexOf(':');
      if (colon >= 0) {
        tag = Tag.of(rest.substring(colon + 1));
        rest = rest.substring(0, colon);
      }
      return new ContainerRef(Namespace.parse(rest), tag, digest);
    } catch (InvalidReferenceException e) {
      throw new InvalidReferenceException("invalid container reference '" + text + "': " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return namespace + ":" + tag + digest.map(d -> "@" + d).orElse("");
  }
}
