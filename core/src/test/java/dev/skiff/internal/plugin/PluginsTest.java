package dev.skiff.internal.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.ConfigurationException;
import dev.skiff.spi.PluginException;
import dev.skiff.spi.PublishException;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.StorageException;
import dev.skiff.spi.SkiffPlugin;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginsTest {
  static BuilderFactory builder(String name) {
    return new BuilderFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return name;
      }

      @Override
      public dev.skiff.spi.Builder create(PluginConfig config, PluginContext context) {
        throw new UnsupportedOperationException();
      }
    };
  }

  static SkiffPlugin plugin(String name, BuilderFactory... builders) {
    return new SkiffPlugin() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<BuilderFactory> builders() {
        return List.of(builders);
      }
    };
  }

  private static Plugins plugins(SkiffPlugin... loaded) {
    return Guice.createInjector(new PluginsModule(List.of(loaded))).getInstance(Plugins.class);
  }

  @Test
  void factoriesAreChosenByNameAndScheme() throws Exception {
    Plugins plugins = plugins(new CorePlugin(), plugin("acme", builder("hpc"), builder("cloud")));
    assertThat(plugins.builder("hpc").name()).isEqualTo("hpc");
    assertThat(plugins.storage(URI.create("file:///x")).scheme()).isEqualTo("file");
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    Plugins plugins = plugins(new CorePlugin(), plugin("acme", builder("hpc"), builder("cloud")));
    assertThatThrownBy(() -> plugins.builder("singularty"))
        .hasMessage("unknown builder 'singularty'; known builders: cloud, hpc");
    assertThatThrownBy(() -> plugins.storage(URI.create("s3://bucket/x")))
        .hasMessage("storage 's3://bucket/x': no storage for scheme 's3:'; known schemes: file"
            + " (put the skiff-storage-s3 module on the class path)");
    assertThatThrownBy(() -> plugins.publisher("github")).hasMessage("unknown publisher 'github'; known publishers: none");
  }

  @Test
  void skiffsOwnPluginsNameTheModuleThatProvidesThem() {
    Plugins coreAlone = plugins(new CorePlugin());
    assertThatThrownBy(() -> coreAlone.builder("scratch")).hasMessage("unknown builder 'scratch'; known builders: none"
        + " (put the skiff-builders module on the class path)");
    assertThatThrownBy(() -> coreAlone.builder("cloudbuild")).hasMessageEndingWith(
        "(put the skiff-builder-cloudbuild module on the class path)");
    assertThatThrownBy(() -> coreAlone.publisher("branch")).hasMessage("unknown publisher 'branch'; known publishers:"
        + " none (put the skiff-publisher module on the class path)");
  }

  @Test
  void theClassPathsPluginsAreFound() throws Exception {
    assertThat(PluginLoader.load(getClass().getClassLoader()).plugins()).anySatisfy(p -> assertThat(p).isInstanceOf(CorePlugin.class));
  }

  private static PluginRole role(PluginRole.Kind kind, String name) {
    return new PluginRole(kind, name, java.util.Optional.empty());
  }

  @Test
  void aPluginsFailureNamesThePluginAndTheStepAndIsOfItsRolesKind() {
    assertThatThrownBy(() -> PluginCall.call(role(PluginRole.Kind.BUILDER, "hpc"), "building a/b:latest", () -> {
      throw new NullPointerException("field x");
    })).isInstanceOfSatisfying(PluginException.class, e -> {
      assertThat(e.plugin()).isEqualTo("builder 'hpc'");
      assertThat(e.crashed()).isTrue();
    }).hasMessage("builder 'hpc' crashed building a/b:latest: NullPointerException: field x")
        .hasCauseInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PluginCall.call(role(PluginRole.Kind.STORAGE, "s3"), "storing k", () -> {
      throw new IOException("connection reset");
    })).isInstanceOf(StorageException.class).hasMessage("storage 's3' failed storing k: connection reset");
    assertThatThrownBy(() -> PluginCall.call(role(PluginRole.Kind.STORAGE, "s3"), "storing k", () -> {
      throw new SkiffException("bucket 'x' does not exist");
    })).isInstanceOf(StorageException.class).hasMessage("bucket 'x' does not exist");
    assertThatThrownBy(() -> PluginCall.call(role(PluginRole.Kind.PUBLISHER, "branch"), "opening r", () -> {
      throw new SkiffException("registry r is not a git repository");
    })).isInstanceOf(PublishException.class);
    assertThatThrownBy(() -> PluginCall.call(role(PluginRole.Kind.BUILDER, "remote"), "starting", () -> {
      throw ConfigurationException.of("builder.remote.url", "setting 'builder.remote.url': not a URL");
    })).as("a kind the plugin chose passes as it is").isInstanceOfSatisfying(ConfigurationException.class,
        e -> assertThat(e.setting()).contains("builder.remote.url"));
  }

  @Test
  void pluginContextsKeepTheirEnvironment() {
    PluginContext context = new PluginContext(java.util.Map.of("A", "1"), Path.of("/src"), Path.of("/tmp/w"), l -> { });
    assertThat(context.environment()).containsEntry("A", "1");
  }
}
