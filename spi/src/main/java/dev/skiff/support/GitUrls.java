package dev.skiff.support;

import java.util.Locale;
import java.util.regex.Pattern;

/** Tells a registry given as a git URL from one given as a folder. */
public final class GitUrls {
  // https://host/org/registry(.git), ssh://..., file://..., and scp-like git@host:org/registry.git; schemes in any case
  private static final Pattern URL = Pattern.compile("(?i)^([a-z][a-z0-9+.-]*://|[\\w.-]+@[\\w.-]+:).*");

  private GitUrls() {}

  /** Whether {@code registry} is a git URL rather than a folder. */
  public static boolean isUrl(String registry) {
    return URL.matcher(registry).matches();
  }

  /** Whether {@code registry} is a git URL of another machine: any URL but {@code file://}. */
  public static boolean isRemote(String registry) {
    return isUrl(registry) && !registry.toLowerCase(Locale.ROOT).startsWith("file:");
  }
}
