package dev.skiff.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of docs/architecture.md, checked on the compiled classes of every module: the
 * SPI depends on nothing, plugins on the SPI only, core on no plugin, and only the command line
 * knows every module. Packages name the modules: see {@link #SPI} and its siblings.
 */
class ArchitectureTest {
  static final String[] SPI = {"dev.skiff.spi..", "dev.skiff.model..", "dev.skiff.sif..", "dev.skiff.support.."};
  static final String[] CORE = {"dev.skiff", "dev.skiff.events..", "dev.skiff.report..", "dev.skiff.internal.."};
  static final String REGISTRY = "dev.skiff.registry..";
  static final String SIGNING = "dev.skiff.signing..";
  static final String PUBLISHER = "dev.skiff.publisher..";
  static final String CLI = "dev.skiff.cli..";
  static final String[] PLUGINS = {"dev.skiff.builders..", "dev.skiff.cloudbuild..", "dev.skiff.storage..",
      PUBLISHER};

  static JavaClasses skiff;

  @BeforeAll
  static void importEveryModule() {
    // The main classes of every module: this module's class path holds them all, as jars or folders.
    skiff = new ClassFileImporter()
        .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
        .importPackages("dev.skiff");
  }

  @Test
  void theClassPathHoldsEveryModule() {
    for (String module : new String[] {"dev.skiff.spi.SkiffPlugin", "dev.skiff.Skiff", "dev.skiff.registry.RegistryLayout",
        "dev.skiff.publisher.PublisherPlugin", "dev.skiff.builders.BuildersPlugin", "dev.skiff.cloudbuild.CloudBuildPlugin",
        "dev.skiff.storage.s3.S3Plugin", "dev.skiff.storage.gcs.GcsPlugin", "dev.skiff.storage.oci.OciPlugin",
        "dev.skiff.signing.SifSigner",
        "dev.skiff.cli.Main"}) {
      skiff.get(module);
    }
  }

  @Test
  void theSpiDependsOnTheJdkAlone() {
    classes().that().resideInAnyPackage(SPI)
        .should().onlyDependOnClassesThat().resideInAnyPackage(concat(SPI, "java.."))
        .check(skiff);
  }

  @Test
  void pluginsDependOnTheSpiAlone() {
    for (String plugin : PLUGINS) {
      noClasses().that().resideInAPackage(plugin)
          .should().dependOnClassesThat().resideInAnyPackage(concat(CORE, CLI, SIGNING, otherPlugins(plugin)))
          .check(skiff);
    }
    noClasses().that().resideInAnyPackage("dev.skiff.builders..", "dev.skiff.cloudbuild..", "dev.skiff.storage..")
        .should().dependOnClassesThat().resideInAPackage(REGISTRY)
        .because("only the publisher writes the registry; it reaches its format through the registry module")
        .check(skiff);
  }

  @Test
  void theRegistryFormatDependsOnTheSpiAlone() {
    noClasses().that().resideInAPackage(REGISTRY)
        .should().dependOnClassesThat().resideInAnyPackage(concat(CORE, CLI, PLUGINS))
        .check(skiff);
  }

  @Test
  void signingDependsOnTheSpiAlone() {
    noClasses().that().resideInAPackage(SIGNING)
        .should().dependOnClassesThat().resideInAnyPackage(concat(CORE, CLI, REGISTRY, PLUGINS))
        .because("the run signs and verify and pull check with it: it serves both sides and knows neither")
        .check(skiff);
  }

  @Test
  void coreKnowsNoPluginAndNoRegistry() {
    noClasses().that().resideInAnyPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage(concat(PLUGINS, REGISTRY, CLI))
        .check(skiff);
  }

  @Test
  void onlyTheCommandLineKnowsTheCommandLine() {
    noClasses().that().resideOutsideOfPackage(CLI)
        .should().dependOnClassesThat().resideInAPackage(CLI)
        .check(skiff);
  }

  @Test
  void coreShowsEmbeddersOnlyItsApiEventsAndReport() {
    classes().that().resideInAnyPackage(CORE).and().haveModifier(JavaModifier.PUBLIC)
        .should().resideInAnyPackage("dev.skiff", "dev.skiff.events", "dev.skiff.report", "dev.skiff.internal..")
        .check(skiff);
    noClasses().that().resideOutsideOfPackages(CORE)
        .should().dependOnClassesThat().resideInAPackage("dev.skiff.internal..")
        .because("core's internals are no API: the command line, embedders and plugins use dev.skiff, its events"
            + " and its report")
        .check(skiff);
  }

  private static String[] otherPlugins(String plugin) {
    return Arrays.stream(PLUGINS).filter(p -> !p.equals(plugin)).toArray(String[]::new);
  }

  private static String[] concat(Object... parts) {
    List<String> all = new ArrayList<>();
    for (Object part : parts) {
      if (part instanceof String[] many) {
        all.addAll(List.of(many));
      } else {
        all.add((String) part);
      }
    }
    return all.toArray(String[]::new);
  }
}
