package dev.skiff.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** The {@code skiff} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // picocli looks for Groovy's closures unless told not to, and a class that is nowhere makes the
    // JVM open every jar on the class path: a sixth of `skiff --help`'s time.
    if (System.getProperty("picocli.disable.closures") == null) {
      System.setProperty("picocli.disable.closures", "true");
    }
    // Guice defines classes through sun.misc.Unsafe unless told to use reflection, which Java 24 and
    // newer warn about on every run; Skiff intercepts no methods, so it loses nothing by reflection.
    if (System.getProperty("guice_bytecode_gen_option") == null) {
      System.setProperty("guice_bytecode_gen_option", "DISABLED");
    }
    // On Ctrl-C or a cancelled CI job, interrupt the run and give it a moment to stop its builds
    // (with their child processes) and uploads, and to remove its temporary files.
    // The hook waits for the command to return, not for main to end: main then calls System.exit,
    // which waits for the hook, and would hold the process for the whole grace period.
    Thread main = Thread.currentThread();
    CountDownLatch returned = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (returned.getCount() == 0) {
        return; // a normal exit: main is in System.exit, waiting for this hook
      }
      main.interrupt();
      try {
        returned.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "skiff-shutdown"));
    int code = execute(args);
    returned.countDown();
    System.exit(code);
  }

  /** Runs the command line and returns its exit code: 0 success, 1 failure, 2 usage. */
  public static int execute(String... args) {
    return SkiffCommand.commandLine(System.getenv(), args).execute(args);
  }

  /** Runs the command line with its output going to the given writers; for tests and embedding. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute(System.getenv(), out, err, args);
  }

  /** Runs the command line in the given environment, with its output going to the given writers. */
  public static int execute(Map<String, String> environment, PrintWriter out,
      PrintWriter err, String... args) {
    picocli.CommandLine commandLine = SkiffCommand.commandLine(environment, args);
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
  }
}
