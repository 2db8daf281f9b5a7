package dev.skiff.builders.exec;

import dev.skiff.spi.Log;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.Executor;
import org.apache.commons.exec.LogOutputStream;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.Watchdog;

/**
 * Runs an external build tool: output streamed line by line to a {@link Log}, the last lines kept
 * for error messages, and a timeout that kills the tool together with every process it started.
 */
public final class CommandRunner {
  private static final int TAIL_LINES = 20;

  // How long to wait for output after the tool exits: a child it left running may hold the pipe open.
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  private final Duration timeout;
  private final Map<String, String> baseEnvironment;

  /**
   * @param timeout how long a command may run before it and its children are killed
   * @param baseEnvironment the environment commands run in (the run's, from the plugin context)
   */
  public CommandRunner(Duration timeout, Map<String, String> baseEnvironment) {
    this.timeout = timeout;
    this.baseEnvironment = Map.copyOf(baseEnvironment);
  }

  /**
   * @param command the program and its arguments
   * @param workDir where it runs
   * @param extraEnvironment variables added to the base environment
   * @param log receives each line of its standard output and error
   * @throws IOException when the program cannot be started
   */
  public CommandResult run(List<String> command, Path workDir, Map<String, String> extraEnvironment, Log log)
      throws IOException, InterruptedException {
    CommandLine line = new CommandLine(command.get(0));
    command.subList(1, command.size()).forEach(arg -> line.addArgument(arg, false));
    Deque<String> tail = new ArrayDeque<>();
    // One line splitter per stream: the two pump threads must not share a line buffer.
    LogOutputStream stdout = new LineSink(tail, log);
    LogOutputStream stderr = new LineSink(tail, log);
    TreeKillingWatchdog watchdog = new TreeKillingWatchdog(timeout);
    DefaultExecutor executor = DefaultExecutor.builder().setWorkingDirectory(workDir.toFile()).get();
    PumpStreamHandler streams = new PumpStreamHandler(stdout, stderr);
    streams.setStopTimeout(DRAIN_TIMEOUT);
    executor.setStreamHandler(streams);
    executor.setWatchdog(watchdog);
    executor.setExitValues(null); // every exit code is a result, not an exception
    Map<String, String> environment = new HashMap<>(baseEnvironment);
    environment.putAll(extraEnvironment);
    ExitLatch handler = new ExitLatch();
    executor.execute(line, environment, handler);
    try {
      handler.waitFor();
    } catch (InterruptedException e) {
      watchdog.destroyProcess();
      throw e;
    }
    // Wait for both pump threads to deliver the last lines before the tail is read; a child the
    // tool left running may hold the pipe open, which costs at most the drain timeout.
    try {
      streams.stop();
    } catch (IOException e) {
      log.line("(output after the tool exited was cut off: " + e.getMessage() + ")");
    }
    stdout.close();
    stderr.close();
    if (handler.getException() != null && handler.getExitValue() == Executor.INVALID_EXITVALUE) {
      throw new IOException("cannot run " + command.get(0) + ": " + handler.getException().getMessage(),
          handler.getException());
    }
    synchronized (tail) {
      return new CommandResult(handler.getExitValue(), watchdog.killedProcess(), new ArrayList<>(tail));
    }
  }

  /** The first of {@code names} found as an executable on PATH, or given as a path. */
  public static Optional<Path> findExecutable(List<String> names, Map<String, String> environment) {
    String pathVariable = environment.getOrDefault("PATH", "");
    for (String name : names) {
      if (name.contains(File.separator)) {
        Path path = Path.of(name);
        if (Files.isExecutable(path)) {
          return Optional.of(path.toAbsolutePath());
        }
        continue;
      }
      for (String folder : pathVariable.split(File.pathSeparator)) {
        if (!folder.isEmpty()) {
          Path candidate = Path.of(folder, name);
          if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
            return Optional.of(candidate);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Splits one stream into lines, keeps the last ones, and logs each. */
  private static final class LineSink extends LogOutputStream {
    private final Deque<String> tail;
    private final Log log;

    LineSink(Deque<String> tail, Log log) {
      this.tail = tail;
      this.log = log;
    }

    @Override
    protected void processLine(String text, int level) {
      synchronized (tail) {
        tail.addLast(text);
        if (tail.size() > TAIL_LINES) {
          tail.removeFirst();
        }
      }
      log.line(text);
    }
  }

  /**
   * Wakes the caller the moment the tool ends. Commons Exec's own handler polls every 50 ms, which
   * costs every command that much and is a sleep standing in for synchronization.
   */
  private static final class ExitLatch implements ExecuteResultHandler {
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile int exitValue = Executor.INVALID_EXITVALUE;
    private volatile ExecuteException exception;

    @Override
    public void onProcessComplete(int exitValue) {
      this.exitValue = exitValue;
      ended.countDown();
    }

    @Override
    public void onProcessFailed(ExecuteException e) {
      this.exitValue = e.getExitValue();
      this.exception = e;
      ended.countDown();
    }

    void waitFor() throws InterruptedException {
      ended.await();
    }

    int getExitValue() {
      return exitValue;
    }

    ExecuteException getException() {
      return exception;
    }
  }

  /** Kills the whole process tree on timeout: a build tool's children would otherwise outlive it. */
  private static final class TreeKillingWatchdog extends ExecuteWatchdog {
    private volatile Process process;

    // The builder's constructor is private, so a subclass has only this one.
    @SuppressWarnings("deprecation")
    TreeKillingWatchdog(Duration timeout) {
      super(timeout.toMillis());
    }

    @Override
    public synchronized void start(Process started) {
      this.process = started;
      super.start(started);
    }

    @Override
    public synchronized void timeoutOccured(Watchdog watchdog) {
      killDescendants();
      super.timeoutOccured(watchdog);
    }

    @Override
    public synchronized void destroyProcess() {
      killDescendants();
      super.destroyProcess();
    }

    private void killDescendants() {
      Process current = process;
      if (current != null) {
        current.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      }
    }
  }
}
