package dev.skiff.spi;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * An https URL that may name an object in a bucket, taken apart for {@link StorageFactory#storeOf}.
 *
 * @param host the host, lower case
 * @param path the raw path, at least one character after its leading slash
 */
public record PublicObjectUrl(String host, String path) {

  /** The URL's host and path when it is an https URL with a path; else empty. */
  public static Optional<PublicObjectUrl> of(URI url) {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null || path.length() < 2) {
      return Optional.empty();
    }
    return Optional.of(new PublicObjectUrl(url.getHost().toLowerCase(Locale.ROOT), path));
  }
}
