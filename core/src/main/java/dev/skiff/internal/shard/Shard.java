package dev.skiff.internal.shard;

import dev.skiff.spi.ConfigurationException;
import dev.skiff.spi.SkiffException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One machine's share of a run split across N machines of a CI system ({@code --shard 2/4}):
 * shares are dealt by recipe, in path order, so they are balanced and the same on every machine
 * and in every run of the same commit.
 *
 * @param index this machine's share, from 1
 * @param total how many shares
 */
public record Shard(int index, int total) {
  public static final String FROM_CI = "ci";
  private static final Pattern FORM = Pattern.compile("(\\d{1,4})/(\\d{1,4})");

  /**
   * @param text {@code I/N}, or {@code ci} for the CI system's own node index and count
   *     (CircleCI's {@code CIRCLE_NODE_INDEX}, from 0; GitLab's {@code CI_NODE_INDEX}, from 1)
   * @param where where the value came from, for the message
   */
  public static Optional<Shard> parse(Optional<String> text, Map<String, String> environment, String where)
      throws SkiffException {
    if (text.isEmpty() || text.get().isBlank()) {
      return Optional.empty();
    }
    String value = text.get().strip();
    if (value.equals(FROM_CI)) {
      return Optional.of(fromCi(environment, where));
    }
    Matcher form = FORM.matcher(value);
    if (!form.matches()) {
      throw ConfigurationException.of("shard", "setting 'shard' (from " + where + "): '" + value + "' is not I/N (such as 2/4) or ci");
    }
    return Optional.of(checked(Integer.parseInt(form.group(1)), Integer.parseInt(form.group(2)), where));
  }

  private static Shard fromCi(Map<String, String> env, String where) throws SkiffException {
    if (env.containsKey("CIRCLE_NODE_TOTAL")) {
      return checked(number(env, "CIRCLE_NODE_INDEX") + 1, number(env, "CIRCLE_NODE_TOTAL"), "CIRCLE_NODE_INDEX");
    }
    if (env.containsKey("CI_NODE_TOTAL")) {
      return checked(number(env, "CI_NODE_INDEX"), number(env, "CI_NODE_TOTAL"), "CI_NODE_INDEX");
    }
    throw ConfigurationException.of("shard", "setting 'shard' (from " + where + "): 'ci' needs CIRCLE_NODE_INDEX and"
        + " CIRCLE_NODE_TOTAL (CircleCI parallelism) or CI_NODE_INDEX and CI_NODE_TOTAL (GitLab parallel); give I/N"
        + " instead");
  }

  private static int number(Map<String, String> env, String name) throws SkiffException {
    String value = env.getOrDefault(name, "").strip();
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ConfigurationException.of("shard", name + ": '" + value + "' is not a whole number");
    }
  }

  private static Shard checked(int index, int total, String where) throws SkiffException {
    if (total < 1 || index < 1 || index > total) {
      throw ConfigurationException.of("shard", "shard " + index + "/" + total + " (from " + where + "): the share must be from 1"
          + " to the number of shares, and there must be at least one");
    }
    return new Shard(index, total);
  }

  /** The items of this share: every total-th, starting at the index-th. */
  public <T> List<T> share(List<T> items) {
    List<T> mine = new ArrayList<>();
    for (int i = index - 1; i < items.size(); i += total) {
      mine.add(items.get(i));
    }
    return mine;
  }

  @Override
  public String toString() {
    return index + "/" + total;
  }
}
