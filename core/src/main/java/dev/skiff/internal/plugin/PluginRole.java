package dev.skiff.internal.plugin;

import dev.skiff.spi.BuildException;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.PublishException;
import dev.skiff.spi.PublisherFactory;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.SkiffPlugin;
import dev.skiff.spi.StorageException;
import dev.skiff.spi.StorageFactory;
import java.util.List;
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
  public enum Kind {
    BUILDER("builder"), STORAGE("storage scheme"), PUBLISHER("publisher");

    private final String noun;

    Kind(String noun) {
      this.noun = noun;
    }

    /** What a name of this role is, in messages: "builder", "storage scheme", "publisher". */
    public String noun() {
      return noun;
    }

    /** The names (for storages, the URI schemes) a plugin provides in this role. */
    public List<String> namesIn(SkiffPlugin plugin) {
      return switch (this) {
        case BUILDER -> plugin.builders().stream().map(BuilderFactory::name).toList();
        case STORAGE -> plugin.storages().stream().map(StorageFactory::scheme).toList();
        case PUBLISHER -> plugin.publishers().stream().map(PublisherFactory::name).toList();
      };
    }
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
