package dev.skiff.internal.incremental;

import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.Tag;
import dev.skiff.spi.ConfigurationException;
import dev.skiff.spi.SkiffException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which unchanged recipes are built anyway.
 *
 * @param all every recipe ({@code --rebuild} alone)
 * @param tags these tags ({@code --rebuild TAG,TAG})
 * @param after recipes whose image was built longer ago than this ({@code rebuild-after: 30d}),
 *     for base images that move upstream
 */
public record RebuildPolicy(boolean all, Set<Tag> tags, Optional<Duration> after) {
  public static final String ALL = "all";
  public static final RebuildPolicy NONE = new RebuildPolicy(false, Set.of(), Optional.empty());

  public RebuildPolicy {
    tags = Set.copyOf(tags);
  }

  /**
   * @param rebuild {@code all}, or tags separated by commas; empty: none
   * @param where where the value came from, for the message
   */
  public static RebuildPolicy parse(Optional<String> rebuild, Optional<Duration> after, String where)
      throws SkiffException {
    String text = rebuild.map(String::strip).orElse("");
    if (text.equals(ALL)) {
      return new RebuildPolicy(true, Set.of(), after);
    }
    Set<Tag> tags = new LinkedHashSet<>();
    for (String word : text.split(",")) {
      if (!word.isBlank()) {
        try {
          tags.add(Tag.of(word.strip()));
        } catch (InvalidReferenceException e) {
          throw ConfigurationException.of("rebuild", "setting 'rebuild' (from " + where + "): " + e.getMessage()
              + "; write 'all' or tags separated by commas");
        }
      }
    }
    return new RebuildPolicy(false, tags, after);
  }

  public boolean forces(Tag tag) {
    return all || tags.contains(tag);
  }
}
