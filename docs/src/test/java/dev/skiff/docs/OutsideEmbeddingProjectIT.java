package dev.skiff.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedder's project outside Skiff's build: its POM imports skiff-bom and depends on skiff-core
 * and the plugins without versions, as the user guide shows; Skiff's artifacts come from a local
 * repository of their own (those this build just made), everything else from the machine's. It
 * compiles the guide's embedding example, runs a whole build with it, and resolves the
 * third-party versions Skiff is tested with.
 */
class OutsideEmbeddingProjectIT {
  static final String VERSION = System.getProperty("skiff.version", "0.1.0-SNAPSHOT");
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final List<String> MODULES = List.of("spi", "core", "registry", "builders", "publisher");

  @TempDir
  Path work;

  @Test
  void compilesAndRunsAgainstTheBomsCoordinates() throws Exception {
    Path repository = Files.createDirectories(work.resolve("repository"));
    install(repository, "skiff-parent", ROOT.resolve("pom.xml"), null);
    install(repository, "skiff-bom", ROOT.resolve("bom/pom.xml"), null);
    for (String module : MODULES) {
      String artifact = "skiff-" + module;
      install(repository, artifact, ROOT.resolve(module + "/pom.xml"),
          ROOT.resolve(module + "/target/" + artifact + "-" + VERSION + ".jar"));
    }

    Path project = Files.createDirectories(work.resolve("embedder"));
    Files.writeString(project.resolve("pom.xml"), pom(repository));
    Path sources = Files.createDirectories(project.resolve("src/main/java/dev/skiff/docs"));
    Files.copy(Path.of("src/main/java/dev/skiff/docs/EmbeddingExample.java"), sources.resolve("EmbeddingExample.java"));
    Files.writeString(sources.resolve("Main.java"), """
        package dev.skiff.docs;

        import java.nio.file.Files;
        import java.nio.file.Path;

        public class Main {
          public static void main(String[] args) throws Exception {
            Path work = Path.of(args[0]);
            Path source = Files.createDirectories(work.resolve("hello"));
            Files.writeString(source.resolve("Singularity"), "Bootstrap: scratch\\n");
            dev.skiff.registry.RegistryInit.init(work.resolve("registry"), "main", "myorg");
            var report = EmbeddingExample.buildAndPublish(source, work.resolve("storage"), work.resolve("registry"));
            System.out.println("succeeded=" + report.succeeded());
          }
        }
        """);
    String maven = ROOT.resolve("mvnw").toString();
    String local = "-Dmaven.repo.local=" + repository;
    String pom = "--file=" + project.resolve("pom.xml");
    String run = Tools.ok(project, maven, "-B", "-q", pom, local, "compile", "exec:java",
        "-Dexec.mainClass=dev.skiff.docs.Main", "-Dexec.args=" + work.resolve("run"));
    assertThat(run).contains("succeeded=true").doesNotContain("SLF4J");
    String dependencies = Tools.ok(project, maven, "-B", pom, local, "dependency:list");
    for (String pinned : List.of("com.google.guava:guava:jar:33.5.0-jre", "com.fasterxml.jackson.core:jackson-databind:jar:2.23.0")) {
      assertThat(dependencies).as("the BOM's version of " + pinned).contains(pinned);
    }
  }

  /** An artifact in the layout of a local repository: its POM, and its jar when it has one. */
  private static void install(Path repository, String artifact, Path pom, Path jar) throws Exception {
    Path folder = Files.createDirectories(repository.resolve("dev/skiff/" + artifact + "/" + VERSION));
    Files.copy(pom, folder.resolve(artifact + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    if (jar != null) {
      Files.copy(jar, folder.resolve(artifact + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The embedder's POM, as the user guide shows it; the machine's repository serves what is not Skiff's. */
  private static String pom(Path repository) {
    String machine = Path.of(System.getProperty("user.home"), ".m2", "repository").toUri().toString();
    return """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>org.example</groupId>
          <artifactId>embedder</artifactId>
          <version>1</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <repositories>
            <repository><id>machine</id><url>MACHINE</url></repository>
          </repositories>
          <pluginRepositories>
            <pluginRepository><id>machine</id><url>MACHINE</url></pluginRepository>
          </pluginRepositories>
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>dev.skiff</groupId><artifactId>skiff-bom</artifactId><version>VERSION</version>
                <type>pom</type><scope>import</scope>
              </dependency>
            </dependencies>
          </dependencyManagement>
          <dependencies>
            <dependency><groupId>dev.skiff</groupId><artifactId>skiff-core</artifactId></dependency>
            <dependency><groupId>dev.skiff</groupId><artifactId>skiff-builders</artifactId></dependency>
            <dependency><groupId>dev.skiff</groupId><artifactId>skiff-publisher</artifactId></dependency>
            <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-nop</artifactId></dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
              <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
              <plugin><groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId><version>3.6.2</version></plugin>
              <plugin><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
            </plugins>
          </build>
        </project>
        """.replace("MACHINE", machine).replace("VERSION", VERSION);
  }
}
