package dev.skiff.cli;

import dev.skiff.registry.RegistryRepository;
import dev.skiff.registry.verify.RegistryVerifier;
import dev.skiff.registry.verify.UsageException;
import dev.skiff.registry.verify.VerifyReport;
import dev.skiff.registry.verify.VerifyRequest;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skiff verify}: the registry's check of a pull request. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Check a pull request to the registry before it is merged.",
    description = {"Check a pull request to the registry repository DIR before it is merged: what merging it would "
            + "change lies in the namespace its branch names (update/OWNER/NAME), comes from the registry itself or "
            + "a fork its rules name, is a plain page of the registry layout with the keys Skiff writes and no "
            + "markup, and every manifest's blob is served over https from a public address with the recorded "
            + "size, an allowed content type and the SIF magic (with --deep, the recorded sha256)."},
    footer = {"",
        "Exit codes: 0 every check passed; 1 a check failed, or the pull request does not merge cleanly; 2 bad "
            + "usage (an unknown revision, no branch, nothing changed).",
        "",
        "On GitHub Actions, failures also become annotations and a job summary."})
final class VerifyCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.ParentCommand
  SkiffCommand parent;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
      description = "The registry repository, with the pull request's base and head fetched (default: .).")
  Path dir;

  @Option(names = "--repo", paramLabel = "DIR", hidden = true, description = "The same as DIR (older spelling).")
  Path repo;

  @Option(names = "--base", required = true, paramLabel = "REV",
      description = "The pull request's base: the target branch or commit, such as origin/main.")
  String base;

  @Option(names = "--head", paramLabel = "REV", description = "The pull request's head commit (default: HEAD).")
  String head = "HEAD";

  @Option(names = "--branch", paramLabel = "NAME",
      description = "The pull request's head branch (default: from the CI environment, else the branch --head"
          + " names).")
  String branch;

  @Option(names = "--deep", description = "Download every changed blob and compare its sha256 with the manifest's.")
  boolean deep;

  @Option(names = "--repository", paramLabel = "OWNER/NAME",
      description = "The registry repository's own name (default: GITHUB_REPOSITORY on GitHub Actions,"
          + " CI_MERGE_REQUEST_PROJECT_PATH on GitLab).")
  String repository;

  @Option(names = "--head-repository", paramLabel = "OWNER/NAME",
      description = "The repository the pull request's branch is in (default: from the GitHub Actions event, or"
          + " GitLab's CI_MERGE_REQUEST_SOURCE_PROJECT_PATH; without CI, the registry itself). Only the registry and the forks its rules name may change namespaces.")
  String headRepository;

  @Option(names = "--author", paramLabel = "LOGIN",
      description = "The pull request's author (default: from the GitHub Actions event), for namespaces the rules"
          + " bind to authors.")
  String author;

  @Option(names = "--allow-empty", description = "Pass a pull request that changes nothing (otherwise bad usage).")
  boolean allowEmpty;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--junit", paramLabel = "FILE", description = "Also write the report as JUnit XML, for CI test tabs.")
  Path junit;

  @Option(names = "--concurrency", paramLabel = "N", description = "Blobs checked at once (default: ${DEFAULT-VALUE}).")
  int concurrency = VerifyRequest.DEFAULT_CONCURRENCY;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long one HTTP request may take (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = (int) VerifyRequest.DEFAULT_TIMEOUT.toSeconds();

  @Override
  public Integer call() throws SkiffException, InterruptedException {
    Map<String, String> env = parent.environment();
    if (concurrency < 1 || timeoutSeconds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--concurrency and --timeout must be at least 1");
    }
    if (dir != null && repo != null && !dir.equals(repo)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give the registry as DIR or as --repo, not both");
    }
    Path registry = Optional.ofNullable(dir).or(() -> Optional.ofNullable(repo)).orElse(Path.of("."));
    String branchName = Optional.ofNullable(branch).or(() -> branchFromCi(env))
        .or(() -> RegistryRepository.branchNamed(registry, head))
        .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "no --branch, the CI environment"
            + " names no pull request branch, and --head " + Terminal.safe(head) + " is no branch"));
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    VerifyReport report;
    try {
      report = new RegistryVerifier(RegistryVerifier.defaultClient(timeout)).verify(new VerifyRequest(
          registry.toAbsolutePath().normalize(), base, head, branchName, deep, concurrency, timeout,
          VerifyRequest.DEFAULT_ATTEMPTS, origin(env), allowEmpty));
    } catch (UsageException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    try {
      if (json) {
        out.println(VerifyOutput.json(report));
      } else {
        VerifyOutput.text(report, parent.verbose, out);
      }
      if (junit != null) {
        VerifyOutput.junit(report, junit);
      }
      if ("true".equals(env.get("GITHUB_ACTIONS"))) {
        VerifyOutput.githubAnnotations(report, out);
      }
      Optional<Path> summary = JobSummary.of(env);
      if (summary.isPresent()) {
        VerifyOutput.githubSummary(report, summary.get());
      }
    } catch (IOException e) {
      throw new SkiffException("cannot write the report: " + IoMessages.describe(e), e);
    }
    out.flush();
    return report.passed() ? 0 : 1;
  }

  /** Who asks: the flags, else the GitHub Actions pull request event, else the registry itself. */
  private VerifyRequest.Origin origin(Map<String, String> env) throws SkiffException {
    PullRequestEvent event = PullRequestEvent.fromEnvironment(env);
    return new VerifyRequest.Origin(
        Optional.ofNullable(repository).or(event::registry)
            .or(() -> Optional.ofNullable(env.get("GITHUB_REPOSITORY")).filter(v -> !v.isBlank())),
        Optional.ofNullable(headRepository).or(event::headRepository),
        Optional.ofNullable(author).or(event::author));
  }

  /** The pull request's source branch, as GitHub Actions, GitLab CI or CircleCI tell it. */
  static Optional<String> branchFromCi(Map<String, String> env) {
    for (String name : new String[] {"GITHUB_HEAD_REF", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CIRCLE_BRANCH"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
