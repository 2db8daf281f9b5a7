package dev.skiff.cli;

import dev.skiff.Skiff;
import dev.skiff.events.SkiffEvent;
import dev.skiff.events.Step;
import dev.skiff.spi.PluginException;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code skiff}: the top command; its subcommands do the work. */
@Command(
    name = "skiff",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.Version.class,
    description = "Build Singularity/Apptainer containers, store them, and publish them to a static registry.",
    footer = {"",
        "Exit codes: 0 success, 1 failure (a recipe, the storage or the registry), 2 bad usage.",
        "", "The user guide, and the other guides beside it:", "  ${sys:skiff.docs:-docs/user-guide.md}"})
final class SkiffCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Given before or after the command's name; every command has it. */
  @CommandLine.Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
      description = "Show more: the stack trace of a failure; with run, every setting and its origin and the builds'"
          + " output; with verify, the checks that passed.")
  boolean verbose;

  private final Map<String, String> environment;

  SkiffCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** The environment the commands read (CI variables, credentials); the process's, or a test's. */
  Map<String, String> environment() {
    return environment;
  }

  /**
   * Skiff over a source folder, with the environment and the plugin folder: SKIFF_PLUGINS, else
   * the archive's plugins/ (which its launcher names in skiff.plugins).
   */
  Skiff skiff(Path source) {
    Skiff skiff = Skiff.source(source).environment(environment).givenAsFlags().listener(this::warnAboutPlugins);
    // A folder the user named must exist (Skiff says so); the archive's own may have been removed.
    Optional.ofNullable(environment.get("SKIFF_PLUGINS")).filter(v -> !v.isBlank())
        .or(() -> Optional.ofNullable(System.getProperty("skiff.plugins")).filter(v -> Files.isDirectory(Path.of(v))))
        .ifPresent(folder -> skiff.pluginFolder(Path.of(folder)));
    return skiff;
  }

  /** Plugin problems are warnings for every command, drawn here once rather than by each command's renderer. */
  private void warnAboutPlugins(SkiffEvent event) {
    if (event.step() == Step.PLUGINS && event instanceof SkiffEvent.Notice notice) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("warning: " + Terminal.safe(notice.subject()) + ": " + Terminal.safe(notice.message()));
      err.flush();
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: skiff run, skiff discover, ...");
  }

  /** A command: its class, whose annotations describe it, and how to make one. */
  private record Entry(Class<?> type, Supplier<Object> make) {}

  /** The commands, in the order help lists them. */
  private static final Map<String, Entry> COMMANDS = commands();

  private static Map<String, Entry> commands() {
    Map<String, Entry> commands = new LinkedHashMap<>();
    commands.put("run", new Entry(RunCommand.class, RunCommand::new));
    commands.put("plan", new Entry(PlanCommand.class, PlanCommand::new));
    commands.put("publish", new Entry(PublishCommand.class, PublishCommand::new));
    commands.put("discover", new Entry(DiscoverCommand.class, DiscoverCommand::new));
    commands.put("verify", new Entry(VerifyCommand.class, VerifyCommand::new));
    commands.put("site", new Entry(SiteCommand.class, SiteCommand::new));
    commands.put("pull", new Entry(PullCommand.class, PullCommand::new));
    commands.put("gc", new Entry(GcCommand.class, GcCommand::new));
    commands.put("registry", new Entry(RegistryCommand.class, RegistryCommand::new));
    commands.put("init", new Entry(InitCommand.class, InitCommand::new));
    commands.put("config", new Entry(ConfigCommand.class, ConfigCommand::new));
    commands.put("help", new Entry(CommandLine.HelpCommand.class, CommandLine.HelpCommand::new));
    return commands;
  }

  /** The whole command line, every command in it: for help, completion and tests. */
  static CommandLine commandLine(Map<String, String> environment) {
    CommandLine commandLine = new CommandLine(new SkiffCommand(environment));
    COMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.make().get()));
    return configured(commandLine);
  }

  /**
   * The command line for these arguments. When they name a command, only that one is built: picocli
   * reads every command's annotations up front, and the others would only slow the start. When
   * they name none (the top-level help, a mistake), the commands are listed by name and header
   * alone, which is all that help and the error show.
   */
  static CommandLine commandLine(Map<String, String> environment, String[] args) {
    CommandLine commandLine = new CommandLine(new SkiffCommand(environment));
    // The top command's options take no values, so the first other word is the command;
    // after help, the next one is the command whose help is asked for.
    List<String> words = Arrays.stream(args).filter(arg -> !arg.startsWith("-")).toList();
    Optional<String> named = words.stream().findFirst().filter(COMMANDS::containsKey)
        .flatMap(name -> name.equals("help") ? words.stream().skip(1).findFirst().filter(COMMANDS::containsKey)
            : Optional.of(name));
    boolean helpAsked = !words.isEmpty() && words.get(0).equals("help");
    COMMANDS.forEach((name, command) -> {
      if (named.map(name::equals).orElse(false) || (helpAsked && name.equals("help"))) {
        commandLine.addSubcommand(name, command.make().get());
      } else if (named.isEmpty()) {
        commandLine.addSubcommand(name, listed(name, command.type()));
      }
    });
    return configured(commandLine);
  }

  /** A command as the top-level help lists it: its name and header, its options not read. */
  private static CommandLine listed(String name, Class<?> type) {
    Command annotation = type.getAnnotation(Command.class);
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create().name(name);
    spec.usageMessage().header(annotation.header()).description(annotation.description());
    return new CommandLine(spec);
  }

  private static CommandLine configured(CommandLine commandLine) {
    commandLine.setExecutionExceptionHandler(SkiffCommand::handle);
    commandLine.setParameterExceptionHandler(SkiffCommand::usageError);
    CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
    commandLine.setExecutionStrategy(parseResult -> {
      rejectUnknownCommand(parseResult);
      return run.execute(parseResult);
    });
    return commandLine;
  }

  /**
   * {@code skiff nosuch --help} is a mistake, not a request for the top-level help: picocli lets
   * help options pass words it does not know, so they are refused here, naming the commands.
   */
  private static void rejectUnknownCommand(CommandLine.ParseResult parseResult) {
    CommandLine.ParseResult last = parseResult;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    if (!last.unmatched().isEmpty()) {
      CommandLine command = last.commandSpec().commandLine();
      String word = last.unmatched().get(0);
      String message = command.getSubcommands().isEmpty()
          ? "unknown argument '" + Terminal.safe(word) + "' for " + last.commandSpec().qualifiedName()
          : "unknown command '" + Terminal.safe(word) + "'; commands: "
              + String.join(", ", command.getSubcommands().keySet());
      throw new CommandLine.ParameterException(command, message);
    }
  }

  /**
   * A usage error is one line naming the command, then where to read more, as git and the GNU tools
   * do; the whole help would bury the line that says what is wrong.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    String message = String.valueOf(e.getMessage());
    // picocli words its own messages as sentences ("Unknown option: ..."); ours are lower case.
    if (message.length() > 1 && Character.isUpperCase(message.charAt(0)) && Character.isLowerCase(message.charAt(1))) {
      message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
    PrintWriter err = command.getErr();
    err.println(name + ": error: " + Terminal.safe(message));
    err.println("Try '" + name + " --help'.");
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** A user's mistake is one line; anything else is a bug, shown with its stack trace when verbose. */
  private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    boolean verbose = hasVerbose(parseResult);
    if (e instanceof SkiffException) {
      err.println("error: " + Terminal.safe(String.valueOf(e.getMessage())) + crashHint(e, verbose));
    } else if (e instanceof InterruptedException) {
      // A command that kept something for the next run says what; the others keep nothing partial.
      err.println("error: interrupted; " + (e.getMessage() != null ? Terminal.safe(e.getMessage())
          : "running builds and uploads were stopped, nothing partial was kept"));
      err.flush();
      return 130;
    } else {
      err.println("error: internal failure: " + Terminal.safe(e.toString())
          + (verbose ? "" : " (run with --verbose for the stack trace)"));
    }
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  /** A plugin that crashed is a bug to report: its stack trace is what its authors need. */
  static String crashHint(Throwable e, boolean verbose) {
    return e instanceof PluginException plugin && plugin.crashed() && !verbose
        ? " (run with --verbose for the stack trace)" : "";
  }

  private static boolean hasVerbose(CommandLine.ParseResult result) {
    for (CommandLine.ParseResult sub = result; sub != null; sub = sub.subcommand()) {
      if (sub.hasMatchedOption("-v")) {
        return true;
      }
    }
    return false;
  }

  static final class Version implements CommandLine.IVersionProvider {
    /** What the build wrote about itself: version, commit, whether the tree was dirty. */
    static Properties properties() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = SkiffCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return properties;
    }

    @Override
    public String[] getVersion() throws IOException {
      Properties properties = properties();
      String commit = properties.getProperty("commit", "");
      String built = commit.isEmpty() || commit.startsWith("${") ? "an unknown commit"
          : "commit " + commit + ("true".equals(properties.getProperty("dirty")) ? " with uncommitted changes" : "");
      return new String[] {"skiff " + properties.getProperty("version", "(development)") + " (" + built + ")",
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
