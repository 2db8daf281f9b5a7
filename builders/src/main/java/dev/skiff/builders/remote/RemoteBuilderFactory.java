package dev.skiff.builders.remote;

import dev.skiff.model.Recipe;
import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.SkiffException;
import java.util.Optional;
import java.util.List;

/** {@code remote}: builds on a Sylabs-compatible remote build service (SingularityCE's {@code build --remote}). */
public final class RemoteBuilderFactory implements BuilderFactory {
  static final String URL = "builder.remote.url";
  static final String LIBRARY = "builder.remote.library";
  static final String TOKEN = "builder.remote.token";
  static final String LIBRARY_REF = "builder.remote.library-ref";
  static final String ARCH = "builder.remote.arch";
  static final String TIMEOUT = "builder.remote.timeout";

  @Override
  public String name() {
    return "remote";
  }

  @Override
  public String description() {
    return "any recipe, built on a Sylabs-compatible remote build service; no local runtime needed";
  }

  /** How long a build may take changes nothing in the image. */
  @Override
  public List<String> outputSettings() {
    return configKeys().stream().filter(key -> !key.secret()).map(ConfigKey::name).filter(key -> !key.equals(TIMEOUT)).toList();
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        ConfigKey.of(URL, "the build service", "https://build.sylabs.io"),
        ConfigKey.of(LIBRARY, "the library the service pushes images to", "https://library.sylabs.io"),
        ConfigKey.secret(TOKEN, "the service's access token"),
        ConfigKey.of(LIBRARY_REF, "where each image is pushed; {owner}, {name}, {tag}",
            "library://{owner}/{name}/{name}:{tag}"),
        ConfigKey.of(ARCH, "the architecture to build for", "amd64"),
        ConfigKey.of(TIMEOUT, "how long one build may take before it is cancelled", "2h"));
  }

  /** Remote builds only wait on this machine: several run at once. */
  @Override
  public int defaultJobs() {
    return 4;
  }

  /** Apptainer builds here: an agent it does not know fails before anything runs. */
  @Override
  public Optional<String> cannotBuild(Recipe recipe) {
    return recipe.unknownToApptainer().map(Throwable::getMessage);
  }

  @Override
  public Builder create(PluginConfig config, PluginContext context) throws SkiffException {
    String token = config.get(TOKEN).filter(t -> !t.isBlank()).orElseThrow(() -> new SkiffException(
        "builder 'remote' needs the build service's token in SKIFF_BUILDER_REMOTE_TOKEN (from the CI's secret store)"));
    RemoteBuildClient client = new RemoteBuildClient(config.url(URL).orElseThrow(), config.url(LIBRARY).orElseThrow(),
        token);
    return new RemoteBuilder(client, config.require(LIBRARY_REF), config.require(ARCH),
        config.duration(TIMEOUT).orElseThrow());
  }
}
