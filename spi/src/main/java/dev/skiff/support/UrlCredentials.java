package dev.skiff.support;

import java.util.regex.Pattern;

/**
 * Keeps the user and password (a token) of URLs out of what is shown: logs, messages, reports.
 * The one masking function for every URL Skiff prints.
 */
public final class UrlCredentials {
  /**
   * A URL's scheme, in any case ({@code HTTPS://} too), then its user information: everything of
   * the authority up to its last {@code @} (RFC 3986: the authority ends at the first {@code /},
   * {@code ?} or {@code #}), so a password that holds {@code @} goes whole.
   */
  private static final Pattern CREDENTIALS = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#\\s]*@");

  private UrlCredentials() {}

  /**
   * {@code https://user:token@host/x} becomes {@code https://host/x}, wherever such a URL stands in
   * the text (a message may quote one); other text is unchanged.
   */
  public static String strip(String text) {
    return CREDENTIALS.matcher(text).replaceAll("$1");
  }
}
