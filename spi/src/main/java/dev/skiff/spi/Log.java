package dev.skiff.spi;

/** Where a plugin sends the lines a user may want to read (build output, what it is doing). */
@FunctionalInterface
public interface Log {
  /**
   * Shows one line of output to the user, beside the step and subject it belongs to.
   *
   * @param text the line, without a line break; never a secret
   */
  void line(String text);
}
