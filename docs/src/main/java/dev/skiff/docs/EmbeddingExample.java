package dev.skiff.docs;

import dev.skiff.Skiff;
import dev.skiff.events.SkiffEvent;
import dev.skiff.report.BuildRecord;
import dev.skiff.report.RunReport;
import dev.skiff.spi.SkiffException;
import java.nio.file.Path;

/**
 * The embedding example of the user guide: the same run as {@code skiff run}, from Java. The docs
 * module compiles it and its test runs it, so the guide's code cannot drift from the API.
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  /** Builds the recipes in {@code source}, stores the images in a folder and publishes to a local registry. */
  public static RunReport buildAndPublish(Path source, Path storage, Path registry)
      throws SkiffException, InterruptedException {
    Skiff.Plan plan = Skiff.source(source)
        .namespace("myorg/hello")
        .builder("scratch")
        .storage(storage.toUri().toString())
        .registry(registry.toString())
        .listener(event -> {
          if (event instanceof SkiffEvent.Failed failed) {
            System.err.println(failed.subject() + ": " + failed.message());
          }
        })
        .plan(); // checks every setting, the builder, the storage and the registry's name
    RunReport report = plan.run();
    for (BuildRecord record : report.records()) {
      System.out.println(record.recipe() + " -> " + record.status() + " " + record.digest().map(Object::toString).orElse(""));
    }
    return report;
  }
}
