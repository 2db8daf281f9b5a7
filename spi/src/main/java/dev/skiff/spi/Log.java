package dev.skiff.spi;

/** Where a plugin sends the lines a user may want to read (build output, what it is doing). */
@FunctionalInterface
public interface Log {
  void line(String text);
}
