package dev.skiff.builders.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {
  // A tool that fails at once: its last line, the one a user needs most, on stderr and without a
  // newline, written just before the process ends.
  private static final List<String> FAILING_TOOL = List.of("sh", "-c",
      "printf 'INFO: step 1\\nINFO: step 2\\n'; printf 'WARNING: slow\\nFATAL: while performing build' >&2; exit 255");

  @TempDir
  Path work;

  private final CommandRunner runner = new CommandRunner(Duration.ofMinutes(1), Map.of("PATH", System.getenv("PATH")));

  /** The end of the process and the end of its output race; the output must win every time. */
  @Test
  void theLastLineOfAToolThatFailsAtOnceIsNeverLost() throws Exception {
    for (int run = 1; run <= 500; run++) {
      List<String> logged = new CopyOnWriteArrayList<>();
      CommandResult result = runner.run(FAILING_TOOL, work, Map.of(), logged::add);

      assertThat(result.exitCode()).as("run %d", run).isEqualTo(255);
      // Lines of one stream keep their order; the two streams' relative order is the scheduler's.
      assertThat(result.tail()).as("run %d", run)
          .containsExactlyInAnyOrder("INFO: step 1", "INFO: step 2", "WARNING: slow", "FATAL: while performing build")
          .containsSubsequence("INFO: step 1", "INFO: step 2")
          .containsSubsequence("WARNING: slow", "FATAL: while performing build");
      assertThat(logged).as("run %d", run).containsExactlyInAnyOrderElementsOf(result.tail());
    }
  }

  @Test
  void onlyTheLastTwentyLinesAreKept() throws Exception {
    CommandResult result = runner.run(List.of("sh", "-c", "seq 1 100"), work, Map.of(), line -> { });
    assertThat(result.tail()).hasSize(20).startsWith("81").endsWith("100");
    assertThat(result.tailText(2)).isEqualTo("99 | 100");
  }

  @Test
  void aToolThatRunsTooLongIsKilledAndSaysSo() throws Exception {
    // Time enough for a shell to start and print on a busy machine; the sleep outlasts it whatever happens.
    CommandRunner impatient = new CommandRunner(Duration.ofSeconds(3), Map.of("PATH", System.getenv("PATH")));
    CommandResult result = impatient.run(List.of("sh", "-c", "echo started; exec sleep 60"), work, Map.of(), line -> { });
    assertThat(result.timedOut()).isTrue();
    assertThat(result.succeeded()).isFalse();
    assertThat(result.tail()).containsExactly("started");
  }

  @Test
  void aToolThatCannotStartIsAnErrorNamingIt() {
    Path missing = work.resolve("no-such-tool");
    assertThatThrownBy(() -> runner.run(List.of(missing.toString()), work, Map.of(), line -> { }))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot run " + missing + ": ");
  }
}
