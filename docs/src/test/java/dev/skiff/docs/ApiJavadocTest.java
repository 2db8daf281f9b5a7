package dev.skiff.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public and protected element of the API (what embedders call) and the SPI (what plugins
 * implement) has a comment: the sources of those packages are compiled with javac's doclint,
 * and any "no comment" fails the build, naming the file and line.
 */
class ApiJavadocTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** The API and SPI packages, by the source folder that holds them; dev.skiff.internal is not API. */
  static final Map<String, List<String>> API = Map.of(
      "spi/src/main/java", List.of("dev.skiff.spi", "dev.skiff.model", "dev.skiff.sif", "dev.skiff.support"),
      "signing/src/main/java", List.of("dev.skiff.signing"),
      "core/src/main/java", List.of("dev.skiff", "dev.skiff.events", "dev.skiff.report"),
      "registry/src/main/java", List.of("dev.skiff.registry", "dev.skiff.registry.site", "dev.skiff.registry.verify",
          "dev.skiff.registry.pull", "dev.skiff.registry.gc"));

  @TempDir
  Path classes;

  @Test
  void everyPublicElementOfTheApiAndSpiHasAComment() throws Exception {
    List<Path> sources = new ArrayList<>();
    List<String> packages = new ArrayList<>();
    for (Map.Entry<String, List<String>> folder : API.entrySet()) {
      for (String name : folder.getValue()) {
        packages.add(name);
        sources.addAll(javaFiles(ROOT.resolve(folder.getKey()).resolve(name.replace('.', '/'))));
      }
    }
    var compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      List<String> options = List.of("-proc:none", "-implicit:none", "-Xmaxwarns", "100000", "-d", classes.toString(),
          "-cp", System.getProperty("java.class.path"), "-Xdoclint:missing/protected",
          "-Xdoclint/package:" + String.join(",", packages));
      boolean compiled = compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources))
          .call();
      List<String> missing = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getMessage(Locale.ROOT).contains("no comment"))
          .map(ApiJavadocTest::where).toList();
      assertThat(compiled).as(diagnostics.getDiagnostics().toString()).isTrue();
      assertThat(sources).hasSizeGreaterThan(50);
      assertThat(missing).as("elements of the API and SPI without a comment").isEmpty();
    }
  }

  private static List<Path> javaFiles(Path packageFolder) throws IOException {
    try (Stream<Path> files = Files.list(packageFolder)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static String where(Diagnostic<? extends JavaFileObject> diagnostic) {
    String file = ROOT.relativize(Path.of(diagnostic.getSource().toUri())).toString();
    return file + ":" + diagnostic.getLineNumber();
  }
}
