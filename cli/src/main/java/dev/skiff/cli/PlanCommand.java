package dev.skiff.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.skiff.report.PlannedBuild;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skiff plan}: which recipes a run would build, and why, building nothing. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    header = "Show which recipes a run would build and why, without building anything.",
    description = {"Read the registry's manifests of the namespace and compare each recipe's input digest (the "
            + "recipe, the files it copies in, the builder and its settings) with the one recorded for its tag. "
            + "--json prints a list for a CI matrix, such as GitHub Actions' fromJSON.",
        "",
        "Settings come from DIR/skiff.yml, then SKIFF_* environment variables, then these flags."},
    footer = {"",
        "Exit codes: 0 the plan was printed; 1 the recipes or the registry could not be read; 2 bad usage."})
final class PlanCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.ParentCommand
  SkiffCommand parent;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The source repository (default: .).")
  Path source = Path.of(".");

  @Mixin
  RunOptions options;

  @Option(names = "--json", description = "Print JSON: {\"build\": [...], \"unchanged\": [...]}, each with tag, recipe and reason.")
  boolean json;

  @Override
  public Integer call() throws SkiffException, IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ConsoleRenderer renderer = new ConsoleRenderer(spec.commandLine().getErr(), parent.verbose, json,
        System.console() != null);
    List<PlannedBuild> builds = options.apply(parent.skiff(source).listener(renderer), spec).plan().builds();
    if (json) {
      Map<String, List<Map<String, String>>> plan = new LinkedHashMap<>();
      plan.put("build", new ArrayList<>());
      plan.put("unchanged", new ArrayList<>());
      for (PlannedBuild build : builds) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("tag", build.tag().value());
        row.put("recipe", build.recipe());
        row.put("reason", build.reason());
        row.put("input_digest", build.inputDigest().toString());
        plan.get(build.build() ? "build" : "unchanged").add(row);
      }
      // Made here, not in a static field: picocli creates every command for --help, and it should start fast.
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(plan));
    } else {
      long count = builds.stream().filter(PlannedBuild::build).count();
      out.printf("%d to build, %d unchanged%n", count, builds.size() - count);
      for (PlannedBuild build : builds) {
        out.printf("  %-16s %-9s %s%s%n", build.tag(), build.build() ? "build" : "unchanged",
            Terminal.safe(build.recipe()), build.build() ? " (" + build.reason() + ")" : "");
      }
    }
    out.flush();
    return 0;
  }
}
