package dev.skiff.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.PluginCatalog;
import dev.skiff.Skiff;
import dev.skiff.spi.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the user guide's configuration reference true to what Skiff reads. */
class UserGuideTest {
  static final Path GUIDE = Path.of("user-guide.md");

  @Test
  void theConfigurationReferenceListsEverySettingWithItsVariableAndDefault() throws Exception {
    String guide = Files.readString(GUIDE);
    PluginCatalog plugins = Skiff.source(Path.of("")).plugins(getClass().getClassLoader()).catalog();
    for (ConfigKey key : plugins.settings()) {
      String row = guide.lines().filter(l -> l.startsWith("| `" + key.name() + "` ")).findFirst()
          .orElseThrow(() -> new AssertionError("the guide's configuration reference lacks " + key.name()));
      assertThat(row).contains("`" + key.environmentVariable() + "`");
      key.defaultValue().ifPresent(d -> assertThat(row).as(key.name()).contains("`" + d + "`"));
    }
  }

  @Test
  void theGuideNamesEveryBuilderStorageAndPublisher() throws Exception {
    String guide = Files.readString(GUIDE);
    PluginCatalog plugins = Skiff.source(Path.of("")).plugins(getClass().getClassLoader()).catalog();
    plugins.builders().keySet().forEach(name -> assertThat(guide).contains("`" + name + "`"));
    plugins.publishers().keySet().forEach(name -> assertThat(guide).contains("`" + name + "`"));
    plugins.storages().keySet().forEach(scheme -> assertThat(guide).contains("`" + scheme + ":"));
  }

  @Test
  void theBuilderGuideTheActionAndTheGuidesTableNameEveryBuilderSkiffShips() throws Exception {
    String builderGuide = Files.readString(Path.of("builder-guide.md"));
    String action = Files.readString(CiTemplatesTest.ROOT.resolve("action.yml"));
    String guide = Files.readString(GUIDE);
    PluginCatalog plugins = Skiff.source(Path.of("")).plugins(getClass().getClassLoader()).catalog();
    assertThat(plugins.builders()).hasSize(5);
    for (String name : plugins.builders().keySet()) {
      assertThat(builderGuide.lines().limit(5).toList()).as("the builder guide's opening").anyMatch(line ->
          line.contains("`" + name + "`"));
      assertThat(action).contains(" " + name);
      assertThat(guide.lines()).as("the guide's table of what each builder builds")
          .anyMatch(line -> line.startsWith("| `" + name + "` |"));
    }
  }
}
