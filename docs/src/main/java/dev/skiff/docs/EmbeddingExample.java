package dev.skiff.docs;

import dev.skiff.Skiff;
import dev.skiff.events.SkiffEvent;
import dev.skiff.report.BuildRecord;
import dev.skiff.report.RunReport;
import dev.skiff.spi.BuildException;
import dev.skiff.spi.ConfigurationException;
import dev.skiff.spi.PluginException;
import dev.skiff.spi.PublishException;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.StorageException;
import java.nio.file.Path;
import java.util.Map;

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

  /**
   * A run over a checkout the program does not trust: only the settings given here count, and the
   * secret comes from the program's own vault.
   */
  public static Skiff.Plan untrustedCheckout(Path checkout, String tokenFromYourVault) throws SkiffException {
    return Skiff.source(checkout)
        .codeSettingsOnly()                 // skiff.yml and SKIFF_* are not read
        .environment(Map.of())              // nor anything else of this process's environment
        .namespace("myorg/hello")
        .builder("remote")
        .set("builder.remote.url", "https://build.example.org/")
        .secret("builder.remote.token", tokenFromYourVault)
        .storage("s3://myorg-containers/images")
        .plan();
  }

  /** What a program tells its user when Skiff fails, by the kind of failure. */
  public static String explain(SkiffException failure) {
    if (failure instanceof ConfigurationException e) {
      return "check the setting " + e.setting().orElse("file") + ": " + e.getMessage();
    } else if (failure instanceof BuildException e) {
      return "fix the recipe " + e.recipe().map(Path::toString).orElse("") + ": " + e.getMessage();
    } else if (failure instanceof PluginException e) {
      return (e.crashed() ? "report a bug in " : "reinstall ") + e.plugin() + ": " + e.getMessage();
    } else if (failure instanceof StorageException || failure instanceof PublishException) {
      return "try again later: " + failure.getMessage();
    }
    return failure.getMessage(); // a VerificationException: what would be published does not check out
  }
}
