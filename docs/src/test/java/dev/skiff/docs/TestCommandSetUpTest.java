package dev.skiff.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's test command, {@code bin/test}, on machines that lack what the tests need: it
 * installs the missing tools with apt-get and says so in one line, or stops naming them. Each
 * machine here is a folder of tools standing in for its PATH, with an apt-get that records what
 * it was asked and installs (or fails to install) what it was asked for.
 */
class TestCommandSetUpTest {
  /** A library, found as a folder in the library folders rather than a command. */
  static final String SIF_LIBRARY = "github.com/sylabs/sif/pkg/integrity";

  /** Every tool bin/test looks for, and the Debian package that brings it. */
  static final Map<String, String> TOOLS = Map.ofEntries(Map.entry("mksquashfs", "squashfs-tools"),
      Map.entry("unsquashfs", "squashfs-tools"), Map.entry("siftool", "siftool"), Map.entry("git", "git"),
      Map.entry("node", "nodejs"), Map.entry("npm", "npm"), Map.entry("chromium", "chromium"),
      Map.entry("chromedriver", "chromium-driver"), Map.entry("nginx", "nginx-light"), Map.entry("skopeo", "skopeo"),
      Map.entry("jekyll", "jekyll"), Map.entry("docker-registry", "docker-registry"),
      Map.entry("htpasswd", "apache2-utils"), Map.entry("gpg", "gnupg"), Map.entry("go", "golang-go"),
      Map.entry(SIF_LIBRARY, "golang-github-sylabs-sif-dev"));

  @TempDir
  Path work;

  Path tools;
  Path libraries;
  Path aptLog;

  record Result(int exitCode, String err) {}

  @BeforeEach
  void machine() throws IOException {
    tools = Files.createDirectories(work.resolve("bin"));
    libraries = Files.createDirectories(work.resolve("gocode"));
    aptLog = work.resolve("apt.log");
    // Not root on every machine: sudo runs the command as it is.
    tool("sudo", "exec \"$@\"");
  }

  void tool(String name, String body) throws IOException {
    Path file = tools.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  void installed(String... names) throws IOException {
    for (String name : names) {
      if (name.contains("/")) {
        Files.createDirectories(libraries.resolve(name));
      } else {
        tool(name, "exit 0");
      }
    }
  }

  /** An apt-get that logs its arguments and, unless told to fail, installs the tools of the packages asked for. */
  void aptGet(boolean works) throws IOException {
    StringBuilder install = new StringBuilder();
    Map<String, List<String>> byPackage = TOOLS.entrySet().stream().collect(Collectors.groupingBy(Map.Entry::getValue,
        Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
    byPackage.forEach((pkg, commands) -> {
      install.append("    ").append(pkg).append(")");
      commands.forEach(tool -> install.append(tool.contains("/") ? " mkdir -p " + libraries.resolve(tool) + ";"
          : " printf '#!/bin/sh\\nexit 0\\n' > " + tools.resolve(tool) + "; chmod +x " + tools.resolve(tool) + ";"));
      install.append(" ;;\n");
    });
    tool("apt-get", "echo \"$*\" >> " + aptLog + "\n"
        + (works ? "" : "[ \"$1\" = install ] && { echo 'E: Unable to locate package' >&2; exit 100; }\n")
        + "[ \"$1\" = install ] || exit 0\n"
        + "for pkg in \"$@\"; do\n  case $pkg in\n" + install + "  esac\ndone");
  }

  Result setUp() throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", CiTemplatesTest.ROOT.resolve("bin/test").toString(),
        "--setup-only");
    builder.environment().put("PATH", tools + ":/usr/bin:/bin");
    builder.environment().put("SKIFF_TOOLS_PATH", tools.toString());
    builder.environment().put("SKIFF_LIBRARY_PATH", libraries.toString());
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bin/test finished").isTrue();
    return new Result(process.exitValue(), err);
  }

  List<String> aptCalls() throws IOException {
    return Files.exists(aptLog) ? Files.readAllLines(aptLog) : List.of();
  }

  @Test
  void aMachineWithoutNginxGetsItInstalledWithOneLineSayingSo() throws Exception {
    aptGet(true);
    installed(TOOLS.keySet().stream().filter(tool -> !tool.equals("nginx")).toArray(String[]::new));
    Result result = setUp();
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).isEqualTo("bin/test: installing what the tests need: nginx-light (apt-get)\n");
    assertThat(aptCalls()).containsExactly("update -qq", "install -y -qq --no-install-recommends nginx-light");
    assertThat(tools.resolve("nginx")).isExecutable();
  }

  @Test
  void aMachineWithOnlyAJdkGetsEveryPackageOnceInOneInstall() throws Exception {
    aptGet(true);
    Result result = setUp();
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err().lines()).containsExactly("bin/test: installing what the tests need: squashfs-tools"
        + " siftool git nodejs npm chromium chromium-driver nginx-light skopeo jekyll docker-registry apache2-utils"
        + " gnupg golang-go"
        + " golang-github-sylabs-sif-dev (apt-get)");
    assertThat(aptCalls()).hasSize(2);
  }

  @Test
  void aMachineWithEverythingInstallsNothingAndSaysNothing() throws Exception {
    aptGet(true);
    installed(TOOLS.keySet().toArray(String[]::new));
    Result result = setUp();
    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(aptCalls()).isEmpty();
  }

  @Test
  void anInstallThatFailsStopsTheRunNamingWhatIsMissing() throws Exception {
    aptGet(false);
    installed(TOOLS.keySet().stream().filter(tool -> !tool.startsWith("chrom")).toArray(String[]::new));
    Result result = setUp();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("E: Unable to locate package").endsWith("bin/test: the tests need these"
        + " packages, which are not installed: chromium chromium-driver; install them and run again\n");
  }

  @Test
  void aMachineWithoutAptGetIsToldWhatToInstall() throws Exception {
    installed(TOOLS.keySet().stream().filter(tool -> !tool.equals("skopeo")).toArray(String[]::new));
    Result result = setUp();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("bin/test: the tests need these packages, which are not installed: skopeo;"
        + " install them and run again\n");
  }
}
