package dev.skiff.spi;

import java.util.regex.Pattern;

/**
 * The bucket-name rules of the object stores Skiff knows, written once for every storage, builder
 * and check that reads a bucket from a URI.
 */
public enum BucketNaming {
  /** Amazon S3: 3 to 63 characters, no two dots in a row. */
  S3("[a-z0-9](?!.*\\.\\.)[a-z0-9.-]{1,61}[a-z0-9]", "3 to 63 lowercase letters, digits, dots and hyphens"),
  /** Google Cloud Storage; names starting with "goog" are reserved by Google. */
  GCS("(?!goog)[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]",
      "lowercase letters, digits, dots, dashes and underscores, not starting with 'goog'");

  private final Pattern pattern;
  private final String description;

  BucketNaming(String regex, String description) {
    this.pattern = Pattern.compile(regex);
    this.description = description;
  }

  /** Whether {@code bucket} is a name this provider accepts. */
  public boolean allows(String bucket) {
    return pattern.matcher(bucket).matches();
  }

  /** The rule in words, for the message when a name breaks it. */
  public String description() {
    return description;
  }
}
