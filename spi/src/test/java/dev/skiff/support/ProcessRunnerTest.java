package dev.skiff.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
  // A tool that fails at once: its last line, the one a user needs most, on stderr and without a
  // newline, written just before the process ends.
  private static final List<String> FAILING_TOOL = List.of("sh", "-c",
      "printf 'INFO: step 1\\nINFO: step 2\\n'; printf 'WARNING: slow\\nFATAL: while performing build' >&2; exit 255");
  private static final Map<String, String> PATH = Map.of("PATH", System.getenv("PATH"));

  @TempDir
  Path work;

  private final ProcessRunner runner = new ProcessRunner(Duration.ofMinutes(1), PATH);

  /** The end of the process and the end of its output race; the output must win every time. */
  @Test
  void theLastLineOfAToolThatFailsAtOnceIsNeverLost() throws Exception {
    for (int run = 1; run <= 300; run++) {
      List<String> logged = new CopyOnWriteArrayList<>();
      ProcessResult result = runner.run(FAILING_TOOL, work, Map.of(), logged::add);

      assertThat(result.exitCode()).as("run %d", run).isEqualTo(255);
      // One stream: standard output and error in the order the tool wrote them.
      assertThat(result.tail()).as("run %d", run)
          .containsExactly("INFO: step 1", "INFO: step 2", "WARNING: slow", "FATAL: while performing build");
      assertThat(logged).as("run %d", run).isEqualTo(result.tail());
    }
  }

  @Test
  void onlyTheLastTwentyLinesAreKept() throws Exception {
    ProcessResult result = runner.run(List.of("sh", "-c", "seq 1 100"), work, Map.of(), line -> { });
    assertThat(result.tail()).hasSize(20).startsWith("81").endsWith("100");
    assertThat(result.tailText(2)).isEqualTo("99 | 100");
  }

  @Test
  void aToolPastItsDeadlineIsKilledWithItsChildrenAndSaysSo() throws Exception {
    Path pid = work.resolve("child.pid");
    // Time enough for a shell to start and print on a busy machine; the child outlasts it whatever happens.
    ProcessRunner impatient = new ProcessRunner(Duration.ofSeconds(3), PATH);
    ProcessResult result = impatient.run(List.of("sh", "-c", "echo started; sleep 300 & echo $! > child.pid; wait"),
        work, Map.of(), line -> { });
    assertThat(result.timedOut()).isTrue();
    assertThat(result.succeeded()).isFalse();
    assertThat(result.tail()).containsExactly("started");
    assertGone(pid);
  }

  @Test
  void anInterruptKillsTheProcessTreeAndEndsTheCall() throws Exception {
    Path pid = work.resolve("child.pid");
    CountDownLatch started = new CountDownLatch(1);
    Thread caller = Thread.currentThread();
    CompletableFuture<Void> interrupter = CompletableFuture.runAsync(() -> {
      try {
        started.await();
        caller.interrupt();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    long start = System.nanoTime();
    assertThatThrownBy(() -> runner.run(
        List.of("sh", "-c", "sleep 300 & echo $! > child.pid; echo started; wait"), work, Map.of(), line -> {
          if (line.equals("started")) {
            started.countDown();
          }
        })).isInstanceOf(InterruptedException.class);
    interrupter.get(1, TimeUnit.MINUTES);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the run's deadline is a minute").isLessThan(Duration.ofSeconds(50));
    assertGone(pid);
  }

  @Test
  void outputIsBoundedInLinesAndInVolume() throws Exception {
    List<String> logged = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    // 20 KB of 'x' on one line, then 3 MiB of short lines, then a last line.
    ProcessResult result = runner.withOutputLimit(64 << 10).run(List.of("sh", "-c",
        "head -c 20000 /dev/zero | tr '\\0' x; echo; yes 'a line' | head -c 3145728; echo; echo the end"),
        work, Map.of(), logged::add);
    assertThat(result.succeeded()).isTrue();
    assertThat(result.outputBytes()).isEqualTo(20000 + 1 + 3145728 + 1 + "the end\n".length());
    assertThat(logged.get(0)).hasSize(ProcessRunner.MAX_LINE + " (cut)".length()).endsWith(" (cut)");
    assertThat(logged.stream().mapToLong(String::length).sum()).as("characters logged")
        .isLessThan((64 << 10) + 16384);
    assertThat(logged).contains("(more output than 64.0 KiB; the rest is not shown)").doesNotContain("the end");
    assertThat(result.tail()).endsWith("the end");
  }

  @Test
  void aToolThatCannotStartIsAnErrorNamingIt() {
    Path missing = work.resolve("no-such-tool");
    assertThatThrownBy(() -> runner.run(List.of(missing.toString()), work, Map.of(), line -> { }))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot run " + missing + ": ");
  }

  @Test
  void findsAProgramOnThePath() {
    assertThat(ProcessRunner.findExecutable(List.of("no-such-program", "sh"), PATH)).hasValueSatisfying(
        sh -> assertThat(sh.getFileName().toString()).isEqualTo("sh"));
    assertThat(ProcessRunner.findExecutable(List.of("no-such-program"), PATH)).isEmpty();
  }

  /** The child whose pid the tool wrote has ended (and been reaped) by the time the call returned. */
  private static void assertGone(Path pidFile) throws IOException {
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("child %d alive", pid).isFalse();
  }
}
