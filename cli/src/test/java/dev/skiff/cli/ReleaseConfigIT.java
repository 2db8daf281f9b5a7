package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release configuration (jreleaser.yml) checked offline: in a scratch repository whose remote
 * is the release's GitHub repository, with the archives the build just made, JReleaser reads the
 * configuration and runs a dry-run release that names every file it would upload. No request
 * leaves the machine; the token is a placeholder that a dry run never sends.
 */
class ReleaseConfigIT {
  static final Path ROOT = Path.of("..");
  static final Path ARCHIVE = Path.of(System.getProperty("skiff.archive", "target/skiff.tar.gz"));

  @TempDir
  Path scratch;

  @Test
  void jreleaserReadsTheConfigurationAndADryRunReleasesTheArchivesWithTheirChecksums() throws Exception {
    String version = ARCHIVE.getFileName().toString().replaceAll("^skiff-|\\.tar\\.gz$", "");
    Path target = Files.createDirectories(scratch.resolve("cli/target"));
    Files.copy(ARCHIVE, target.resolve(ARCHIVE.getFileName()));
    Files.copy(ARCHIVE.resolveSibling("skiff-" + version + ".zip"), target.resolve("skiff-" + version + ".zip"));
    Files.copy(ROOT.resolve("jreleaser.yml"), scratch.resolve("jreleaser.yml"));
    Files.writeString(scratch.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>dev.skiff</groupId>
          <artifactId>skiff-release-check</artifactId>
          <version>VERSION</version>
          <packaging>pom</packaging>
          <build>
            <plugins>
              <plugin>
                <groupId>org.jreleaser</groupId>
                <artifactId>jreleaser-maven-plugin</artifactId>
                <version>PLUGIN</version>
                <configuration><configFile>jreleaser.yml</configFile></configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """.replace("VERSION", version).replace("PLUGIN", System.getProperty("jreleaser.version", "1.23.0")));
    try (Git git = Git.init().setDirectory(scratch.toFile()).setInitialBranch("main").call()) {
      git.remoteAdd().setName("origin").setUri(new URIish("https://github.com/OWNER/skiff.git")).call();
      git.add().addFilepattern("jreleaser.yml").addFilepattern("pom.xml").call();
      PersonIdent me = new PersonIdent("Release check", "release@example.invalid");
      git.commit().setMessage("release check").setAuthor(me).setCommitter(me).call();
    }

    String config = maven("jreleaser:config");
    assertThat(config).contains("BUILD SUCCESS").contains("owner: OWNER").contains("tagName: v{{projectVersion}}");
    String release = maven("jreleaser:full-release", "-Djreleaser.dry.run=true");
    assertThat(release).contains("BUILD SUCCESS").contains("dry-run set to true");
    for (String file : List.of("skiff-" + version + ".tar.gz", "skiff-" + version + ".tar.gz.sha256",
        "skiff-" + version + ".zip", "skiff-" + version + ".zip.sha256")) {
      assertThat(release).as("the release uploads " + file).contains("uploading " + file + "\n");
    }
  }

  private String maven(String... goals) throws Exception {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toAbsolutePath().toString(), "-B",
        "--file", scratch.resolve("pom.xml").toString()));
    command.addAll(List.of(goals));
    ProcessBuilder builder = new ProcessBuilder(command).directory(scratch.toFile()).redirectErrorStream(true);
    builder.environment().put("JRELEASER_GITHUB_TOKEN", "placeholder-never-sent");
    Path log = scratch.resolve("maven-" + goals[0].replace(':', '-') + ".log");
    Process process = builder.redirectOutput(log.toFile()).start();
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("maven " + String.join(" ", goals) + " finishes").isTrue();
    String output = Files.readString(log);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
