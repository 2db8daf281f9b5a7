package dev.skiff.model;

import java.util.regex.Pattern;

/** A container tag, following the Singularity Hub standard's grammar. */
public record Tag(String value) implements Comparable<Tag> {
  private static final Pattern GRAMMAR = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
  /** The tag of a recipe named {@code Singularity} or {@code Apptainer}, without a suffix. */
  public static final Tag LATEST = new Tag("latest");

  /** Checks the tag's grammar: 1 to 128 letters, digits, {@code _ . -}, not starting with {@code .} or {@code -}. */
  public Tag {
    if (value == null || !GRAMMAR.matcher(value).matches()) {
      throw new InvalidReferenceException(
          "invalid tag '" + value + "': a tag is 1 to 128 letters, digits, '_', '.' or '-',"
              + " and does not start with '.' or '-'");
    }
  }

  /**
   * A tag from its text.
   *
   * @param value the tag
   * @return the tag
   * @throws InvalidReferenceException when it is not a valid tag
   */
  public static Tag of(String value) {
    return new Tag(value);
  }

  @Override
  public int compareTo(Tag other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
