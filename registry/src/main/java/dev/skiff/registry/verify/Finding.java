package dev.skiff.registry.verify;

/**
 * The outcome of one check on one file of a pull request.
 *
 * @param path the file, relative to the registry's root
 * @param check the check's name: {@code namespace}, {@code path}, {@code layout}, {@code manifest}, {@code blob}
 * @param passed whether it passed
 * @param message what was found: why it failed, or what was confirmed
 */
public record Finding(String path, String check, boolean passed, String message) {

  /** A check that passed. */
  public static Finding pass(String path, String check, String message) {
    return new Finding(path, check, true, message);
  }

  /** A check that failed. */
  public static Finding fail(String path, String check, String message) {
    return new Finding(path, check, false, message);
  }
}
