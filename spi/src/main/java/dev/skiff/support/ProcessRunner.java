package dev.skiff.support;

import dev.skiff.spi.Log;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an external tool for a builder: its output (standard output and error, in the order it
 * wrote them) streamed line by line to the build's {@link Log}, the last lines kept for an error
 * message, and its life bounded. Past its deadline, or when the calling thread is interrupted (the
 * run was cancelled), the tool is killed together with every process it started.
 *
 * <p>Output is bounded too: a line longer than {@link #MAX_LINE} characters is cut, and after
 * {@code outputLimit} bytes no more lines reach the log (the tool keeps running, and the tail is
 * still kept), so a tool that prints without end cannot flood a CI log or the memory.
 *
 * <p>One runner may run several processes at once, from several threads, as builds with
 * {@code jobs} above 1 do. It depends on the JDK alone.
 */
public final class ProcessRunner {
  /** The longest line shown; the rest of a longer line is cut. */
  public static final int MAX_LINE = 8192;
  /** The output shown by default before the rest is only counted: 16 MiB. */
  public static final long DEFAULT_OUTPUT_LIMIT = 16L << 20;

  private static final int TAIL_LINES = 20;
  // How long the output may go on after the tool exits: a child it left running may hold the pipe.
  private static final Duration DRAIN = Duration.ofSeconds(5);
  private static final Duration KILL_WAIT = Duration.ofSeconds(30);

  private final Duration deadline;
  private final Map<String, String> environment;
  private final long outputLimit;

  /**
   * @param deadline how long a process may run before it and every process it started are killed
   * @param environment the environment processes run in (the run's, from the plugin context)
   */
  public ProcessRunner(Duration deadline, Map<String, String> environment) {
    this(deadline, environment, DEFAULT_OUTPUT_LIMIT);
  }

  private ProcessRunner(Duration deadline, Map<String, String> environment, long outputLimit) {
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("a deadline is positive, not " + deadline);
    }
    this.deadline = deadline;
    this.environment = Map.copyOf(environment);
    this.outputLimit = outputLimit;
  }

  /**
   * This runner, showing at most {@code bytes} of a process's output in the log.
   *
   * @param bytes how many bytes of output reach the log; 0 shows none
   * @return a runner with that limit
   */
  public ProcessRunner withOutputLimit(long bytes) {
    return new ProcessRunner(deadline, environment, bytes);
  }

  /**
   * Runs a command to its end (or its deadline). Its standard input is empty.
   *
   * @param command the program and its arguments, passed as they are (no shell)
   * @param workDir where it runs
   * @param extraEnvironment variables set over the runner's environment
   * @param log receives each line of its output
   * @return how it ended; a non-zero exit code is a result, not an exception
   * @throws IOException when the program cannot be started
   * @throws InterruptedException when the calling thread was interrupted; the process tree was
   *     killed and has ended by then
   */
  public ProcessResult run(List<String> command, Path workDir, Map<String, String> extraEnvironment, Log log)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().putAll(extraEnvironment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException("cannot run " + command.get(0) + ": " + IoMessages.describe(e), e);
    }
    Output output = new Output(process.getInputStream(), log, outputLimit);
    Thread pump = new Thread(output, "skiff-process-output " + process.pid());
    pump.setDaemon(true);
    pump.start();
    boolean ended;
    try {
      ended = process.waitFor(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
    if (!ended) {
      killTree(process);
    }
    pump.join(DRAIN.toMillis());
    if (pump.isAlive()) {
      log.line("(output after " + command.get(0) + " exited was cut off: a process it started still holds it)");
    }
    return output.result(process.exitValue(), !ended);
  }

  /**
   * Kills a process and every process it started, and waits until they have ended, even if
   * interrupted meanwhile: a cancelled build leaves nothing running. The children are found first,
   * while the process still holds them; one it starts during the kill is found by a second look.
   */
  private static void killTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.descendants().forEach(child -> {
      child.destroyForcibly();
      tree.add(child);
    });
    tree.add(process.toHandle());
    boolean interrupted = false;
    for (ProcessHandle member : tree) {
      while (true) {
        try {
          // SIGKILL cannot be refused: the bound only guards against a process the kernel holds (uninterruptible I/O).
          member.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException | TimeoutException e) {
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The first of {@code names} that is an executable file on {@code PATH}, or given as a path.
   *
   * @param names the program's names, in order of preference ({@code apptainer}, {@code singularity})
   * @param environment the environment whose {@code PATH} is searched
   * @return the program, if found
   */
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

  /** Reads a process's output into lines: each shown until the limit, the last ones kept. */
  private static final class Output implements Runnable {
    private final InputStream in;
    private final Log log;
    private final long limit;
    private final Deque<String> tail = new ArrayDeque<>();
    private long bytes;

    Output(InputStream in, Log log, long limit) {
      this.in = in;
      this.log = log;
      this.limit = limit;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      try (in) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
              line(line);
            } else if (line.size() < MAX_LINE * 4) {
              line.write(buffer[i]);
            }
          }
          count(n);
        }
      } catch (IOException e) {
        // The pipe closed under the reader: what arrived is kept.
      }
      if (line.size() > 0) {
        line(line);
      }
    }

    private synchronized void count(int n) {
      long before = bytes;
      bytes += n;
      if (before <= limit && bytes > limit) {
        log.line("(more output than " + HumanBytes.format(limit) + "; the rest is not shown)");
      }
    }

    private void line(ByteArrayOutputStream bytesOfLine) {
      String text = bytesOfLine.toString(StandardCharsets.UTF_8);
      bytesOfLine.reset();
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      if (text.length() > MAX_LINE) {
        text = text.substring(0, MAX_LINE) + " (cut)";
      }
      boolean shown;
      synchronized (this) {
        tail.addLast(text);
        if (tail.size() > TAIL_LINES) {
          tail.removeFirst();
        }
        shown = bytes <= limit;
      }
      if (shown) {
        log.line(text);
      }
    }

    synchronized ProcessResult result(int exitCode, boolean timedOut) {
      return new ProcessResult(exitCode, timedOut, new ArrayList<>(tail), bytes);
    }
  }
}
