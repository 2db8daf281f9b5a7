package dev.skiff.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.skiff.Discovery;
import dev.skiff.model.Recipe;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skiff discover}: lists the recipes a run would build, and checks them. */
@Command(
    name = "discover",
    mixinStandardHelpOptions = true,
    header = "List the recipes of a source repository and the tags they map to.",
    description = {"List the recipes in DIR and the tags they map to, and check that they parse. Singularity or "
            + "Apptainer -> latest, Singularity.<tag> or Apptainer.<tag> -> <tag>; folders with a .frozen file are "
            + "skipped."},
    footer = {"",
        "Exit codes: 0 the recipes are fine; 1 a recipe is broken or there are none; 2 bad usage."})
final class DiscoverCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  SkiffCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The source repository (default: .).")
  Path source = Path.of(".");

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws SkiffException, IOException {
    Discovery discovery = parent.skiff(source).discover();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Recipe recipe : discovery.recipes()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tag", recipe.tag().value());
        row.put("recipe", recipe.path().toString());
        row.put("bootstrap", recipe.header("Bootstrap").orElse(""));
        recipe.header("From").ifPresent(from -> row.put("from", from));
        row.put("frozen", false);
        rows.add(row);
      }
      for (Path frozen : discovery.frozen()) {
        rows.add(Map.of("recipe", frozen.toString(), "frozen", true));
      }
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    } else {
      for (Recipe recipe : discovery.recipes()) {
        out.printf("%-20s %-40s Bootstrap: %s%s%n", recipe.tag(), Terminal.safe(recipe.path().toString()),
            Terminal.safe(recipe.header("Bootstrap").orElse("")),
            recipe.header("From").map(f -> "  From: " + Terminal.safe(f)).orElse(""));
      }
      for (Path frozen : discovery.frozen()) {
        out.printf("%-20s %-40s (frozen, not built)%n", "-", Terminal.safe(frozen.toString()));
      }
    }
    out.flush();
    discovery.requireAny(source);
    return 0;
  }
}
