package dev.skiff.builders.scratch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.skiff.model.Recipe;
import dev.skiff.model.RecipeException;
import dev.skiff.sif.SifArch;
import dev.skiff.sif.SifWriter;
import dev.skiff.spi.BuildRequest;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Builds {@code Bootstrap: scratch} recipes as an unprivileged user: copies {@code %files} into a
 * folder, writes the runscript, environment, help and labels where Apptainer looks for them, packs
 * the folder with mksquashfs and wraps it with the SIF writer. Sections that would run commands
 * inside the container need a real container runtime and are refused with a pointer to the
 * {@code singularity} builder.
 */
final class ScratchBuilder implements Builder {
  private static final Set<String> SUPPORTED = Set.of("files", "labels", "environment", "runscript", "help");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final SquashfsPacker packer;
  private final Duration timeout;
  private final LongSupplier nanoTime;

  ScratchBuilder(SquashfsPacker packer, Duration timeout, LongSupplier nanoTime) {
    this.packer = packer;
    this.timeout = timeout;
    this.nanoTime = nanoTime;
  }

  @Override
  public BuildResult build(BuildRequest request) throws SkiffException, IOException, InterruptedException {
    Recipe recipe = request.recipe();
    check(recipe);
    BuildDeadline deadline = new BuildDeadline(timeout, nanoTime);
    try {
      return build(request, recipe, deadline);
    } catch (BuildDeadline.PassedException e) {
      throw new SkiffException(recipe.path() + ": the scratch build did not finish within " + timeout
          + "; it was stopped (raise " + ScratchBuilderFactory.TIMEOUT + ")");
    }
  }

  private BuildResult build(BuildRequest request, Recipe recipe, BuildDeadline deadline)
      throws SkiffException, IOException, InterruptedException {
    Path rootfs = request.outputDir().resolve("rootfs");
    RootFileSystem fs = new RootFileSystem(rootfs, deadline);
    fs.createSkeleton();
    for (Recipe.FileCopy copy : recipe.fileCopies()) {
      copyFile(recipe, copy, fs);
    }
    Map<String, String> labels = labels(recipe, request);
    fs.writeFile(".singularity.d/labels.json", JSON.writeValueAsString(labels) + "\n", false);
    fs.writeFile(".singularity.d/Singularity", recipe.text(), false);
    fs.writeFile(".singularity.d/env/90-environment.sh", "#!/bin/sh\n# Custom environment shell code should follow\n\n"
        + recipe.section("environment").map(Recipe.Section::body).orElse(""), true);
    Optional<String> runscript = recipe.section("runscript").map(Recipe.Section::body);
    if (runscript.isPresent()) {
      fs.writeFile(".singularity.d/runscript", "#!/bin/sh\n\n" + runscript.get(), true);
    }
    Optional<String> help = recipe.section("help").map(Recipe.Section::body);
    if (help.isPresent()) {
      fs.writeFile(".singularity.d/runscript.help", help.get(), false);
    }
    fs.normalizePermissions();

    request.log().line("packing " + recipe.path() + " with mksquashfs");
    Path squashfs = request.outputDir().resolve("rootfs.squashfs");
    packer.pack(rootfs, squashfs, request.sourceDate(), deadline.remaining(), request.log());
    Path image = request.outputDir().resolve("image.sif");
    SifWriter.create(Optional.of(request.sourceDate()))
        .definition(recipe.text())
        .json("inspect-metadata.json", JSON.writeValueAsBytes(inspectMetadata(recipe, labels, runscript, help)))
        .primaryPartition(squashfs, SifArch.ofRunningJvm())
        .write(image);
    Files.delete(squashfs);
    return new BuildResult.LocalImage(image);
  }

  /** Why this builder cannot build the recipe, or empty. */
  static Optional<String> cannotBuild(Recipe recipe) {
    try {
      check(recipe);
      return Optional.empty();
    } catch (RecipeException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static void check(Recipe recipe) throws RecipeException {
    Optional<RecipeException> unknown = recipe.unknownToApptainer();
    if (unknown.isPresent()) {
      throw unknown.get();
    }
    if (!recipe.bootstrap().equals("scratch")) {
      throw new RecipeException(recipe.path(), 1, "'Bootstrap: " + recipe.header("Bootstrap").orElseThrow()
          + "' needs a container runtime; the 'scratch' builder builds only 'Bootstrap: scratch' recipes:"
          + " use builder 'singularity'");
    }
    for (Recipe.Section section : recipe.sections()) {
      if (!SUPPORTED.contains(section.name())) {
        throw new RecipeException(recipe.path(), section.line(), "%" + section.name()
            + " runs commands or apps inside the container, which the 'scratch' builder cannot do:"
            + " use builder 'singularity'");
      }
    }
  }

  private static void copyFile(Recipe recipe, Recipe.FileCopy copy, RootFileSystem fs)
      throws RecipeException, IOException {
    if (!copy.stage().isEmpty()) {
      throw new RecipeException(recipe.path(), copy.line(), "'%files " + copy.stage()
          + "' copies from another build stage, which the 'scratch' builder does not have");
    }
    if (copy.words().size() > 2) {
      throw new RecipeException(recipe.path(), copy.line(), "%files entry '" + String.join(" ", copy.words())
          + "' has more than a source and a destination");
    }
    fs.copy(recipe, copy.line(), copy.source(), copy.destination().orElse(null));
  }

  /** The recipe's labels plus the ones Apptainer adds, in the order runtimes print them. */
  private static Map<String, String> labels(Recipe recipe, BuildRequest request) {
    Map<String, String> labels = new TreeMap<>();
    labels.put("org.label-schema.schema-version", "1.0");
    labels.put("org.label-schema.build-date", request.sourceDate().toString());
    labels.put("org.label-schema.usage.singularity.deffile.bootstrap", "scratch");
    labels.put("org.label-schema.build-arch", SifArch.ofRunningJvm().goName());
    labels.putAll(recipe.labels());
    return labels;
  }

  private static Map<String, Object> inspectMetadata(Recipe recipe, Map<String, String> labels,
      Optional<String> runscript, Optional<String> help) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("deffile", recipe.text());
    attributes.put("labels", labels);
    runscript.ifPresent(r -> attributes.put("runscript", r));
    help.ifPresent(h -> attributes.put("helpfile", h));
    recipe.section("environment").ifPresent(e -> attributes.put("environment", e.body()));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("attributes", attributes);
    metadata.put("builder", "skiff scratch");
    return metadata;
  }
}
