package dev.skiff.internal.config;

import dev.skiff.spi.ConfigKey;

/**
 * Where a run's settings come from besides its caller, and how messages name what the caller gave:
 * a command line gives flags ({@code --storage}), an embedding program calls methods, and a user
 * fixing either needs the words of the one they used.
 *
 * @param fileAndEnvironment whether the source's {@code skiff.yml} and {@code SKIFF_*} variables are read
 * @param commandLine whether the caller is the command line, whose settings are flags
 */
public record SettingSources(boolean fileAndEnvironment, boolean commandLine) {
  /** {@code skiff} itself: flags over {@code SKIFF_*} over {@code skiff.yml}. */
  public static final SettingSources COMMAND_LINE = new SettingSources(true, true);

  /** The origin of a setting the caller gave, as {@code --verbose} and messages show it. */
  public String callerOrigin(String key) {
    return commandLine ? "--" + key : "the embedding program";
  }

  /** How to set {@code key}, in the words of this caller: {@code pass --storage URI, set SKIFF_STORAGE, ...}. */
  public String howToSet(ConfigKey key, String example) {
    String given = commandLine ? "pass --" + key.name() + " " + example
        : "call set(\"" + key.name() + "\", \"" + example + "\")";
    return fileAndEnvironment
        ? given + ", set " + key.environmentVariable() + ", or write '" + key.name() + ":' in " + ConfigLoader.FILE_NAME
        : given;
  }
}
