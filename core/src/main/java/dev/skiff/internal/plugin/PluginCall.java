package dev.skiff.internal.plugin;

import dev.skiff.spi.SkiffException;
import dev.skiff.support.IoMessages;
import java.io.IOException;

/**
 * Calls into a plugin so that whatever goes wrong names the plugin and what it was doing:
 * "builder 'singularity' crashed building myorg/centos:latest: NullPointerException: ...".
 * A plugin's own {@link SkiffException} is already a user-facing message and passes unchanged.
 */
public final class PluginCall {

  /** Work done by a plugin. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws SkiffException, IOException, InterruptedException;
  }

  private PluginCall() {}

  /**
   * @param plugin the plugin, as users know it: "builder 'scratch'", "storage 's3'"
   * @param doing what it was asked, such as "building myorg/centos:latest"
   */
  public static <T> T call(String plugin, String doing, Work<T> work) throws SkiffException, InterruptedException {
    try {
      return work.run();
    } catch (SkiffException | InterruptedException e) {
      throw e;
    } catch (IOException e) {
      throw new SkiffException(plugin + " failed " + doing + ": " + IoMessages.describe(e), e);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      throw new SkiffException(plugin + " crashed " + doing + ": " + e.getClass().getSimpleName()
          + (e.getMessage() != null ? ": " + e.getMessage() : "") + " (run with --verbose for the stack trace)", e);
    }
  }
}
