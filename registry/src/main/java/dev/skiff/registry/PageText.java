package dev.skiff.registry;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What text a page value may hold. Site layouts show page values as they are, so a value may hold
 * no markup: no HTML tag or bracket, no Liquid output or tag, no Markdown link. The writer refuses
 * such a value before it commits, and verify refuses it in a pull request.
 */
public final class PageText {
  /** Why such a value is refused, for messages. */
  public static final String WHY = "page values are shown on the site as they are, so they may hold no HTML, Liquid"
      + " or Markdown links";

  private static final Pattern MARKUP = Pattern.compile("[<>]|\\{\\{|\\}\\}|\\{%|%\\}|\\]\\s*[(\\[:]");

  private PageText() {}

  /** The first piece of markup in the text, if it holds any. */
  public static Optional<String> markup(String text) {
    Matcher found = MARKUP.matcher(text);
    return found.find() ? Optional.of(found.group()) : Optional.empty();
  }
}
