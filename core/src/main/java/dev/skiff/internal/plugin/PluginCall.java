package dev.skiff.internal.plugin;

import dev.skiff.spi.PluginException;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.IoMessages;
import java.io.IOException;

/**
 * Calls into a plugin so that whatever goes wrong names the plugin and what it was doing, and is
 * of the kind its role fails with: "builder 'singularity' crashed building myorg/centos:latest:
 * NullPointerException: ..." is a {@link PluginException}, a storage's refusal a
 * {@code StorageException}. A plugin's own message passes unchanged.
 */
public final class PluginCall {

  /** Work done by a plugin. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws SkiffException, IOException, InterruptedException;
  }

  private PluginCall() {}

  /**
   * @param plugin the plugin in its role: builder 'scratch', storage 's3'
   * @param doing what it was asked, such as "building myorg/centos:latest"
   */
  public static <T> T call(PluginRole plugin, String doing, Work<T> work) throws SkiffException, InterruptedException {
    try {
      return work.run();
    } catch (InterruptedException e) {
      throw e;
    } catch (SkiffException e) {
      // A plugin's plain SkiffException becomes its role's kind; a typed one it chose passes as is.
      throw e.getClass() == SkiffException.class ? plugin.failure(e.getMessage(), e) : e;
    } catch (IOException e) {
      throw plugin.failure(plugin + " failed " + doing + ": " + IoMessages.describe(e), e);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      throw new PluginException(plugin.toString(), plugin + " crashed " + doing + ": " + e.getClass().getSimpleName()
          + (e.getMessage() != null ? ": " + e.getMessage() : "")
          + plugin.location().map(jar -> " (the plugin in " + jar + ")").orElse(""), e);
    }
  }
}
