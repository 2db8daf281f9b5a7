package dev.skiff.internal.plugin;

import dev.skiff.spi.BuildException;
import dev.skiff.spi.PublishException;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.StorageException;
import java.util.Locale;

/**
 * A plugin in the role a run uses it in, as users know it ({@code builder 'scratch'}): what names it
 * in messages, and what kind of failure its expected failures are for a program that embeds Skiff.
 */
public record PluginRole(Kind kind, String name) {
  /** The roles a plugin's factories fill. */
  public enum Kind { BUILDER, STORAGE, PUBLISHER }

  public static PluginRole builder(String name) {
    return new PluginRole(Kind.BUILDER, name);
  }

  public static PluginRole storage(String scheme) {
    return new PluginRole(Kind.STORAGE, scheme);
  }

  public static PluginRole publisher(String name) {
    return new PluginRole(Kind.PUBLISHER, name);
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
