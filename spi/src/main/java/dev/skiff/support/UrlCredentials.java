package dev.skiff.support;

import java.util.regex.Pattern;

/** Keeps the user and password (a token) of a URL out of what is shown: logs, messages, reports. */
public final class UrlCredentials {
  private static final Pattern CREDENTIALS = Pattern.compile("^([a-z][a-z0-9+.-]*://)[^/@]*@");

  private UrlCredentials() {}

  /** {@code https://user:token@host/x} becomes {@code https://host/x}; other text is unchanged. */
  public static String strip(String url) {
    return CREDENTIALS.matcher(url).replaceFirst("$1");
  }
}
