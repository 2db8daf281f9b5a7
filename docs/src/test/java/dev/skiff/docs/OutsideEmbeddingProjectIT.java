package dev.skiff.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;

/**
 * An embedder's project outside Skiff's build: its POM imports skiff-bom and depends on skiff-core
 * and the plugins without versions, as the user guide shows; Skiff's artifacts come from a local
 * repository of their own (those this build just made), everything else from the machine's. It
 * compiles the guide's embedding example and runs a whole build with it, beside a library of its
 * own that needs a newer Guava than Skiff is tested with: skiff-bom must leave that choice to the
 * embedder, and only the opt-in skiff-dependencies pins Skiff's tested versions.
 */
class OutsideEmbeddingProjectIT {
  /** Newer than the Guava the Google BOM gives Skiff, and present in the machine's repository. */
  static final String EMBEDDERS_GUAVA = "33.7.2-jre";

  static final String VERSION = System.getProperty("skiff.version", "0.1.0-SNAPSHOT");
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path DEPENDENCIES = ROOT.resolve("dependencies/pom.xml");
  static final List<String> MODULES = List.of("spi", "core", "registry", "builders", "publisher");

  @TempDir
  Path work;

  @Test
  void compilesAndRunsAgainstTheBomsCoordinates() throws Exception {
    Path repository = Files.createDirectories(work.resolve("repository"));
    install(repository, "skiff-parent", ROOT.resolve("pom.xml"), null);
    install(repository, "skiff-bom", ROOT.resolve("bom/pom.xml"), null);
    install(repository, "skiff-dependencies", DEPENDENCIES, null);
    installGuavaUser(repository);
    for (String module : MODULES) {
      String artifact = "skiff-" + module;
      install(repository, artifact, ROOT.resolve(module + "/pom.xml"),
          ROOT.resolve(module + "/target/" + artifact + "-" + VERSION + ".jar"));
    }

    Path project = Files.createDirectories(work.resolve("embedder"));
    Files.writeString(project.resolve("pom.xml"), pom(repository, "skiff-bom"));
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
    assertThat(Tools.ok(project, maven, "-B", pom, local, "dependency:list"))
        .as("skiff-bom leaves the embedder's own library its Guava")
        .contains("com.google.guava:guava:jar:" + EMBEDDERS_GUAVA);

    // Opting in to the tested set: the same project importing skiff-dependencies.
    Files.writeString(project.resolve("pom.xml"), pom(repository, "skiff-dependencies"));
    String tested = Tools.ok(project, maven, "-B", pom, local, "compile", "dependency:list");
    assertThat(tested).as("skiff-dependencies pins Guava at the version Skiff is tested with")
        .containsPattern("com\\.google\\.guava:guava:jar:33\\.[0-9.]+-jre").doesNotContain("guava:jar:" + EMBEDDERS_GUAVA)
        .contains("com.fasterxml.jackson.core:jackson-databind:jar:" + property(DEPENDENCIES, "jackson.version"));
  }

  @Test
  void theBomsManageNoTestLibrary() throws Exception {
    List<String> bom = managedGroups(ROOT.resolve("bom/pom.xml"));
    assertThat(bom).as("skiff-bom manages Skiff's artifacts only").isNotEmpty().containsOnly("dev.skiff");
    List<String> dependencies = managedGroups(DEPENDENCIES);
    assertThat(dependencies).contains("com.google.inject", "org.eclipse.jgit")
        .doesNotContainAnyElementsOf(List.of("org.junit", "org.assertj", "org.seleniumhq.selenium", "org.wiremock",
            "com.adobe.testing", "com.tngtech.archunit", "com.code-intelligence", "land.oras", "org.eclipse.jetty.ee10"));
  }

  /** The group of every dependency a POM's dependencyManagement lists. */
  private static List<String> managedGroups(Path pom) throws Exception {
    NodeList dependencies = (NodeList) XPathFactory.newInstance().newXPath().evaluate(
        "/*[local-name()='project']/*[local-name()='dependencyManagement']/*[local-name()='dependencies']"
            + "/*[local-name()='dependency']/*[local-name()='groupId']", document(pom), XPathConstants.NODESET);
    List<String> groups = new java.util.ArrayList<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      groups.add(dependencies.item(i).getTextContent().trim());
    }
    return groups;
  }

  private static String property(Path pom, String name) throws Exception {
    return XPathFactory.newInstance().newXPath().evaluate(
        "/*[local-name()='project']/*[local-name()='properties']/*[local-name()='" + name + "']", document(pom)).trim();
  }

  private static org.w3c.dom.Document document(Path pom) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile());
  }

  /** A library of the embedder's own, published in its repository, that needs a newer Guava than Skiff's. */
  private static void installGuavaUser(Path repository) throws Exception {
    Path folder = Files.createDirectories(repository.resolve("org/example/guava-user/1"));
    Files.writeString(folder.resolve("guava-user-1.pom"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>org.example</groupId>
          <artifactId>guava-user</artifactId>
          <version>1</version>
          <packaging>pom</packaging>
          <dependencies>
            <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>GUAVA</version></dependency>
          </dependencies>
        </project>
        """.replace("GUAVA", EMBEDDERS_GUAVA));
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
  private static String pom(Path repository, String bom) throws Exception {
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
                <groupId>dev.skiff</groupId><artifactId>BOM</artifactId><version>VERSION</version>
                <type>pom</type><scope>import</scope>
              </dependency>
            </dependencies>
          </dependencyManagement>
          <dependencies>
            <dependency><groupId>dev.skiff</groupId><artifactId>skiff-core</artifactId></dependency>
            <dependency><groupId>dev.skiff</groupId><artifactId>skiff-builders</artifactId></dependency>
            <dependency><groupId>dev.skiff</groupId><artifactId>skiff-publisher</artifactId></dependency>
            <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-nop</artifactId><version>SLF4J</version></dependency>
            <dependency><groupId>org.example</groupId><artifactId>guava-user</artifactId><version>1</version><type>pom</type></dependency>
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
        """.replace("MACHINE", machine).replace("VERSION", VERSION).replace("BOM", bom)
        .replace("SLF4J", property(DEPENDENCIES, "slf4j.version"));
  }
}
