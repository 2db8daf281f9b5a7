package dev.skiff.spi;

/** Told how much of a long operation (an upload, a build) is done. */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores progress. */
  ProgressListener NONE = (done, total) -> {};

  /**
   * @param done units done so far
   * @param total units in all, or -1 when unknown
   */
  void progress(long done, long total);
}
