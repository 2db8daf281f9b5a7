package dev.skiff.builders.singularity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.sif.SifFile;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.SkiffException;
import dev.skiff.testing.BuilderHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local builder against a stand-in {@code apptainer} on PATH (Apptainer cannot be installed
 * on these machines): the stand-in honours the same command line and writes a real SIF.
 */
class SingularityBuilderIT {
  @TempDir
  Path repo;

  @TempDir
  Path work;

  @TempDir
  Path bin;

  BuilderHarness harness;
  Map<String, String> environment;

  @BeforeEach
  void putTheStandInOnPath() throws Exception {
    environment = ApptainerStandIn.onPath(bin);
    harness = new BuilderHarness(new SingularityBuilderFactory(), repo, work);
    harness.write("centos/Singularity", "Bootstrap: docker\nFrom: centos:7\n%post\n  yum -y install git\n");
  }

  private Builder builder(Map<String, String> settings) throws Exception {
    return harness.builder(settings, environment);
  }

  @Test
  void buildsInTheRecipesFolderWithTheSourceDate() throws Exception {
    BuildResult result = harness.build(builder(Map.of()), "centos/Singularity");
    Path image = ((BuildResult.LocalImage) result).file();
    SifFile sif = SifFile.read(image);
    assertThat(sif.definition()).contains("Bootstrap: docker\nFrom: centos:7\n%post\n  yum -y install git\n");
    assertThat(harness.log).anySatisfy(l -> assertThat(l).endsWith("apptainer build --fakeroot " + image + " Singularity"));
    assertThat(harness.log).contains("INFO:    Starting build...", "INFO:    Build complete: " + image);
    String env = dev.skiff.testing.Tools.ok(work, "sh", "-c", "unsquashfs -cat -o "
        + sif.primaryPartition().offset() + " " + image + " .singularity.d/build-env");
    assertThat(env).isEqualTo("SOURCE_DATE_EPOCH=1700000000\n");
  }

  @Test
  void modesAndExtraArgumentsReachTheCommandLine() throws Exception {
    harness.build(builder(Map.of("builder.singularity.mode", "plain", "builder.singularity.args", "--fix-perms  --notest")),
        "centos/Singularity");
    assertThat(harness.log).anySatisfy(l -> assertThat(l).startsWith("args: --fix-perms --notest "));
    assertThatThrownBy(() -> builder(Map.of("builder.singularity.mode", "root")))
        .hasMessage("setting 'builder.singularity.mode' (from --builder.singularity.mode): 'root' is not a mode;"
            + " use one of: fakeroot, sudo, plain");
  }

  @Test
  void aFailedBuildEndsWithItsLastLines() throws Exception {
    harness.write("Singularity.bad", "Bootstrap: docker\nFrom: centos:7\n# stand-in: fail\n");
    // The last lines come from stdout and stderr, whose relative order no pipe preserves.
    assertThatThrownBy(() -> harness.build(builder(Map.of()), "Singularity.bad")).isInstanceOf(SkiffException.class)
        .hasMessageStartingWith("Singularity.bad: apptainer build failed (exit 255): ")
        .hasMessageContaining("INFO:    Running post scriptlet")
        .hasMessageContaining("FATAL:   While performing build: while running engine: exit status 1")
        .satisfies(e -> assertThat(e.getMessage().split(" \\| ")).hasSize(3).doesNotHaveDuplicates());
  }

  @Test
  void aBuildThatRunsTooLongIsKilledWithItsChildren() throws Exception {
    Path pidFile = work.resolve("child.pid");
    environment.put("STANDIN_CHILD_PID_FILE", pidFile.toString());
    harness.write("Singularity.slow", "Bootstrap: docker\nFrom: centos:7\n# stand-in: hang\n");
    // Long enough for the stand-in to start its child on a busy machine: a hang is killed whenever it ends.
    assertThatThrownBy(() -> harness.build(builder(Map.of("builder.singularity.timeout", "5s")), "Singularity.slow"))
        .hasMessage("Singularity.slow: apptainer build did not finish within PT5S; it was killed with every process"
            + " it started (raise builder.singularity.timeout)");
    long child = Long.parseLong(Files.readString(pidFile).trim());
    // Polls for the child's end; the bound only ends a failing test.
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (running(child) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(running(child)).as("the build's child process is still running").isFalse();
  }

  /** Whether a process runs; a killed process whose parent is gone may linger as a zombie until reaped. */
  private static boolean running(long pid) throws Exception {
    Path stat = Path.of("/proc/" + pid + "/stat");
    if (!Files.exists(stat)) {
      return false;
    }
    String text = Files.readString(stat);
    char state = text.charAt(text.lastIndexOf(')') + 2);
    return state != 'Z' && state != 'X';
  }

  @Test
  void anInterruptedBuildStopsWithItsChildren() throws Exception {
    Path pidFile = work.resolve("child.pid");
    environment.put("STANDIN_CHILD_PID_FILE", pidFile.toString());
    harness.write("Singularity.slow", "Bootstrap: docker\nFrom: centos:7\n# stand-in: hang\n");
    Builder builder = builder(Map.of());
    java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
    Thread run = new Thread(() -> {
      try {
        harness.build(builder, "Singularity.slow");
      } catch (Throwable t) {
        outcome.set(t);
      }
    });
    run.start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    // The stand-in creates the file, then writes the pid: wait for the pid itself.
    while ((!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long child = Long.parseLong(Files.readString(pidFile).trim());
    run.interrupt();
    run.join(10_000);
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    deadline = System.nanoTime() + 60_000_000_000L;
    while (running(child) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(running(child)).as("the build's child process is still running").isFalse();
  }

  @Test
  void aMissingExecutableSaysHowToInstallOne() {
    environment.put("PATH", "/nonexistent");
    assertThatThrownBy(() -> builder(Map.of())).isInstanceOf(SkiffException.class)
        .hasMessage("builder 'singularity' needs apptainer or singularity, and neither is on PATH: install Apptainer"
            + " (https://apptainer.org/docs/admin/main/installation.html), or pick a builder that needs no local runtime");
    assertThatThrownBy(() -> builder(Map.of("builder.singularity.executable", "/opt/none/apptainer")))
        .hasMessageStartingWith("builder 'singularity' needs '/opt/none/apptainer' (builder.singularity.executable from"
            + " --builder.singularity.executable), which is not an executable");
  }

  @Test
  void outputThatIsNotASifIsReturnedForThePipelineToReject() throws Exception {
    harness.write("Singularity.junk", "Bootstrap: docker\nFrom: centos:7\n# stand-in: garbage\n");
    Path image = ((BuildResult.LocalImage) harness.build(builder(Map.of()), "Singularity.junk")).file();
    assertThatThrownBy(() -> SifFile.read(image)).hasMessageContaining("not a valid SIF image");
  }
}
