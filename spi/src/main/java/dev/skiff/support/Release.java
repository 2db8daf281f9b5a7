package dev.skiff.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The Skiff release that the CI files Skiff writes install: this build's version. */
public final class Release {
  /** What a build without its version resource (an IDE's) names. */
  private static final String UNKNOWN = "0.1.0";

  private Release() {}

  /** This build's version without {@code -SNAPSHOT}, which has no release of its own. */
  public static String version() {
    Properties properties = new Properties();
    try (InputStream in = Release.class.getResourceAsStream("release.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = properties.getProperty("version", "");
    return version.isEmpty() || version.startsWith("${") ? UNKNOWN : version.replace("-SNAPSHOT", "");
  }
}
