package dev.skiff.internal.plugin;

import dev.skiff.spi.BuildException;
import dev.skiff.spi.PublishException;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.StorageException;
import java.util.Locale;
import java.util.Optional;

/**
 * A plugin in the role a run uses it in, as users know it ({@code builder 'scratch'}): what names it
 * in messages, and what kind of failure its expected failures are for a program that embeds Skiff.
 * Its location (the jar, when {@link Plugins#role} knows it) goes into a crash's message, which is
 * a bug report to the plugin's authors.
 */
public record PluginRole(Kind kind, String name, Optional<String> location) {
  /** The roles a plugin's factories fill. */
  public enum Kind { BUILDER, STORAGE, PUBLISHER }

  public static PluginRole builder(String name) {
    return new PluginRole(Kind.BUILDER, name, Optional.empty());
  }

  public static PluginRole storage(String scheme) {
    return new PluginRole(Kind.STORAGE, scheme, Optional.empty());
  }

  public static PluginRole publisher(String name) {
    return new PluginRole(Kind.PUBLISHER, name, Optional.empty());
  }

  /** An expected failure of this role: a builder's is a {@link BuildException}, and so on. */
  public SkiffException failure(String message, Throwable cause) {
    return switch (kind) {
      case BUILDER -> new BuildException(message, cause);
      case STORAGE -> new StorageException(message, cause);
      case PUBLISHER -> new PublishException(message, cause);
    };
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT) + " '" + name + "'";
  }
}
