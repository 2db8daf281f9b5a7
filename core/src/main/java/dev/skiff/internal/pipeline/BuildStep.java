package dev.skiff.internal.pipeline;

import dev.skiff.internal.plugin.PluginCall;
import dev.skiff.internal.plugin.PluginRole;
import dev.skiff.model.Namespace;
import dev.skiff.model.Recipe;
import dev.skiff.sif.SifFile;
import dev.skiff.sif.SifFormatException;
import dev.skiff.spi.BuildRequest;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.Log;
import dev.skiff.spi.ProgressListener;
import dev.skiff.spi.BuildException;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Builds one recipe and checks the result before it is trusted: a local image must be a valid SIF. */
final class BuildStep {
  private final Builder builder;
  private final PluginRole plugin;
  private final BuildRequest request;

  BuildStep(Builder builder, PluginRole plugin, Recipe recipe, Namespace namespace, Path outputDir,
      Instant sourceDate, URI storage, Log log, ProgressListener progress) {
    this.builder = builder;
    this.plugin = plugin;
    this.request = new BuildRequest(recipe, namespace, outputDir, sourceDate, storage, log, progress);
  }

  BuildResult call() throws SkiffException, InterruptedException {
    String doing = "building " + request.recipe().path();
    BuildResult result = PluginCall.call(plugin, doing, () -> builder.build(request));
    if (result == null) {
      throw new BuildException(plugin + " returned no image " + doing);
    }
    if (result instanceof BuildResult.LocalImage local) {
      Path file = local.file();
      if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new BuildException(plugin + " reported image " + file + " " + doing + ", but there is no such readable file");
      }
      try {
        SifFile.read(file);
      } catch (SifFormatException e) {
        throw new BuildException(plugin + " produced an invalid image " + doing + ": " + e.getMessage(), e);
      } catch (IOException e) {
        throw new BuildException(plugin + " produced an unreadable image " + doing + ": " + e.getMessage(), e);
      }
    }
    return result;
  }
}
