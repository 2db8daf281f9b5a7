package dev.skiff.cli;

import dev.skiff.Skiff;
import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.Namespace;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The settings {@code run}, {@code plan} and {@code publish} share, as flags over skiff.yml and SKIFF_*. */
final class RunOptions {
  @Option(names = "--storage", paramLabel = "URI",
      description = "Where images go: file:DIR, s3://BUCKET/PREFIX, gs://BUCKET/PREFIX, oci://HOST/PREFIX.")
  String storage;

  @Option(names = "--registry", paramLabel = "PATH",
      description = "The registry repository to publish to (default: none, nothing is published).")
  String registry;

  @Option(names = "--builder", paramLabel = "NAME", description = "The builder (default: singularity; see skiff config).")
  String builder;

  @Option(names = "--publisher", paramLabel = "NAME", description = "How the registry is updated (default: branch).")
  String publisher;

  @Option(names = "--namespace", paramLabel = "OWNER/NAME",
      description = "The images' namespace (default: from the CI environment, else the git remote).")
  String namespace;

  @Option(names = "--rebuild",
      description = "Build every recipe, even those whose inputs are unchanged since their image was published.")
  boolean rebuildAll;

  @Option(names = "--rebuild-tag", paramLabel = "TAG", split = ",",
      description = "Build this tag even if its inputs are unchanged (repeat it, or separate tags with commas).")
  List<String> rebuildTags = List.of();

  /** The flags given, over what skiff.yml and SKIFF_* set; a bad namespace is a usage error. */
  Skiff apply(Skiff skiff, CommandLine.Model.CommandSpec spec) {
    if (namespace != null) {
      try {
        Namespace.parse(namespace);
      } catch (InvalidReferenceException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--namespace: " + e.getMessage());
      }
    }
    Optional.ofNullable(storage).ifPresent(skiff::storage);
    Optional.ofNullable(registry).ifPresent(skiff::registry);
    Optional.ofNullable(builder).ifPresent(skiff::builder);
    Optional.ofNullable(publisher).ifPresent(skiff::publisher);
    Optional.ofNullable(namespace).ifPresent(skiff::namespace);
    if (rebuildAll) {
      skiff.set("rebuild", "all");
    } else if (!rebuildTags.isEmpty()) {
      skiff.set("rebuild", String.join(",", rebuildTags));
    }
    return skiff;
  }
}
