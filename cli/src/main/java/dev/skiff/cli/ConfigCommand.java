package dev.skiff.cli;

import dev.skiff.PluginCatalog;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.SkiffException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code skiff config}: the settings, builders, storages and publishers this installation knows. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    header = "List every setting, with its environment variable, default and meaning.",
    description = {"List every setting (as written in skiff.yml, and its SKIFF_* environment variable), and the "
            + "builders, storages and publishers found on the class path."})
final class ConfigCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  SkiffCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws SkiffException {
    PrintWriter out = spec.commandLine().getOut();
    PluginCatalog plugins = parent.skiff(Path.of("")).catalog();
    out.println("Settings (skiff.yml < environment < flags):");
    for (ConfigKey key : plugins.settings().stream().sorted(Comparator.comparing(ConfigKey::name)).toList()) {
      out.printf("  %-32s %-36s %s%s%s%n", key.name(), key.environmentVariable(), key.description(),
          key.defaultValue().map(d -> " [default: " + d + "]").orElse(""), key.secret() ? " [secret]" : "");
    }
    out.println("Builders:");
    plugins.builders().forEach((name, f) -> out.printf("  %-16s %s%n", name, f.description()));
    out.println("Storages:");
    plugins.storages().forEach((scheme, f) -> out.printf("  %-16s %s%n", scheme + ":", f.description()));
    out.println("Publishers:");
    plugins.publishers().forEach((name, f) -> out.printf("  %-16s %s%n", name, f.description()));
    out.flush();
    return 0;
  }
}
