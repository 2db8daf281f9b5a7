package dev.skiff.internal.pipeline;

import dev.skiff.internal.plugin.PluginCall;
import dev.skiff.internal.plugin.PluginRole;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.PublishResult;
import dev.skiff.spi.Publisher;
import dev.skiff.spi.PublishException;
import dev.skiff.spi.SkiffException;

/** Records a run's manifests in the registry. */
final class PublishStep {
  private final Publisher publisher;
  private final PluginRole plugin;
  private final PublishRequest request;

  PublishStep(Publisher publisher, PluginRole plugin, PublishRequest request) {
    this.publisher = publisher;
    this.plugin = plugin;
    this.request = request;
  }

  PublishResult call() throws SkiffException, InterruptedException {
    PublishResult result = PluginCall.call(plugin,
        "publishing " + request.namespace(), () -> publisher.publish(request));
    if (result == null) {
      throw new PublishException(plugin + " returned no result publishing " + request.namespace());
    }
    return result;
  }
}
