package dev.skiff.builders.remote;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A build as the remote build service reports it ({@code {"data": BuildInfo}}).
 *
 * @param id the build's id
 * @param isComplete whether the build has ended, well or not
 * @param imageSize the image's size in bytes; 0 when the build failed
 * @param imageChecksum {@code sha256.<hex>} of the image, when it was built
 * @param libraryRef where the service pushed the image
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record BuildInfo(String id, boolean isComplete, long imageSize, String imageChecksum, String libraryRef) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Envelope(BuildInfo data) {}
}
