package dev.skiff.signing.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The independent judge of SIF signatures: a small program on the sylabs/sif library's {@code
 * integrity} package (the code behind {@code apptainer sign} and {@code apptainer verify}), built
 * from Debian's Go packages once per test JVM.
 */
public final class SylabsSif {
  private static final Path LIBRARY = Path.of("/usr/share/gocode/src/github.com/sylabs/sif");
  private static Path program;

  private SylabsSif() {}

  /** What the program printed and returned. */
  public record Result(int exitCode, String output) {
    /** Whether the image verified. */
    public boolean verified() {
      return exitCode == 0;
    }
  }

  /** Verifies every object group's signatures with the armored public keys in {@code keys}. */
  public static Result verify(Path keys, Path image) throws IOException, InterruptedException {
    Commands.Output output = Commands.run(image.getParent(), Map.of(), List.of(program().toString(), "verify",
        keys.toString(), image.toString()));
    return new Result(output.exitCode(), output.text());
  }

  /** Signs every object group with the unprotected armored secret key in {@code key}, at {@code unixTime}. */
  public static void sign(Path key, Path image, long unixTime) throws IOException, InterruptedException {
    Commands.ok(image.getParent(), Map.of(), List.of(program().toString(), "sign", key.toString(), image.toString(),
        Long.toString(unixTime)));
  }

  private static synchronized Path program() throws IOException, InterruptedException {
    if (program != null) {
      return program;
    }
    if (!Files.isDirectory(LIBRARY.resolve("pkg/integrity"))) {
      throw new IOException("the sylabs/sif Go library is not installed (Debian: golang-github-sylabs-sif-dev);"
          + " bin/test installs it");
    }
    Path root = Files.createTempDirectory("skiff-sifsig");
    // Debian installs the library without the /v2 of its module path: GOPATH mode with a link adds it.
    Path gopath = root.resolve("gopath");
    Files.createDirectories(gopath.resolve("src/github.com/sylabs/sif"));
    Files.createSymbolicLink(gopath.resolve("src/github.com/sylabs/sif/v2"), LIBRARY);
    Path source = Files.createDirectories(gopath.resolve("src/sifsig"));
    try (InputStream in = SylabsSif.class.getResourceAsStream("/sifsig/main.go")) {
      Files.copy(in, source.resolve("main.go"));
    }
    Path binary = root.resolve("sifsig");
    Commands.ok(source, Map.of("GO111MODULE", "off", "GOPATH", gopath + ":/usr/share/gocode",
        "GOCACHE", root.resolve("cache").toString(), "GOFLAGS", ""), List.of("go", "build", "-o", binary.toString(), "."));
    program = binary;
    return program;
  }
}
