package dev.skiff.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.skiff.registry.verify.Finding;
import dev.skiff.registry.verify.VerifyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The forms a verification report takes: text, JSON, JUnit XML, GitHub Actions annotations and summary. */
final class VerifyOutput {
  private VerifyOutput() {}

  static void text(VerifyReport report, boolean verbose, PrintWriter out) {
    Map<String, List<Finding>> files = report.byFile();
    out.printf("skiff verify: branch %s%s, %d file(s) changed between %s and %s%n", report.branch(),
        report.namespace().map(ns -> " (namespace " + ns + ")").orElse(" (names no namespace)"), files.size(),
        shortId(report.base()), shortId(report.head()));
    long failedFiles = 0;
    for (Map.Entry<String, List<Finding>> file : files.entrySet()) {
      boolean passed = file.getValue().stream().allMatch(Finding::passed);
      failedFiles += passed ? 0 : 1;
      out.printf("  %-4s  %s%n", passed ? "ok" : "FAIL", Terminal.safe(file.getKey()));
      for (Finding finding : file.getValue()) {
        if (!finding.passed() || verbose) {
          out.printf("          %s: %s%n", finding.check(), Terminal.safe(finding.message()));
        }
      }
    }
    out.printf("%s: %d of %d file(s) failed, %d check(s) failed; %d HTTP request(s) in %.1f s%n",
        report.passed() ? "PASSED" : "FAILED", failedFiles, files.size(), report.failures(), report.requests(),
        report.took().toMillis() / 1000.0);
  }

  static String json(VerifyReport report) throws IOException {
    ObjectMapper mapper = new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
        .enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("passed", report.passed());
    document.put("branch", report.branch());
    document.put("namespace", report.namespace().orElse(null));
    document.put("base", report.base());
    document.put("head", report.head());
    document.put("requests", report.requests());
    document.put("files", report.byFile().entrySet().stream().map(file -> Map.of(
        "path", file.getKey(),
        "passed", file.getValue().stream().allMatch(Finding::passed),
        "checks", file.getValue())).toList());
    return mapper.writeValueAsString(document);
  }

  /** One test case per check of a file; failed checks carry their message. */
  static void junit(VerifyReport report, Path file) throws IOException {
    JUnitXml.write(file, "skiff verify " + report.branch(), report.took().toMillis() / 1000.0,
        report.findings().stream().map(finding -> new JUnitXml.Case(finding.path(), finding.check(), 0,
            finding.passed() ? Optional.empty() : Optional.of(finding.message()), Optional.empty(), Optional.empty()))
            .toList());
  }

  /** {@code ::error file=...::message} lines, which GitHub shows on the pull request. */
  static void githubAnnotations(VerifyReport report, PrintWriter out) {
    for (Finding finding : report.findings()) {
      if (!finding.passed()) {
        out.println("::error file=" + escapeProperty(finding.path()) + ",title="
            + escapeProperty("skiff verify: " + finding.check()) + "::" + escapeData(finding.message()));
      }
    }
  }

  /**
   * A table appended to the job summary. Every value from the pull request (paths, page values,
   * URLs, servers' answers) is shown as code, never rendered: a page could otherwise put a link or
   * an "approved" badge into the summary reviewers read.
   */
  static void githubSummary(VerifyReport report, Path summary) throws IOException {
    StringBuilder md = new StringBuilder("## skiff verify: ").append(report.passed() ? "passed" : "failed")
        .append("\n\nBranch ").append(code(report.branch()))
        .append(report.namespace().map(ns -> ", namespace " + code(ns)).orElse("")).append("\n\n")
        .append("| file | result | details |\n| --- | --- | --- |\n");
    report.byFile().forEach((path, findings) -> {
      boolean passed = findings.stream().allMatch(Finding::passed);
      md.append("| ").append(code(path)).append(" | ").append(passed ? "ok" : "**failed**").append(" | ")
          .append(String.join("<br>", findings.stream().filter(f -> !f.passed() || passed)
              .map(f -> code(f.check() + ": " + f.message())).toList())).append(" |\n");
    });
    JobSummary.append(summary, md.append('\n').toString());
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  /**
   * A value as an HTML code element in a Markdown table cell: shown as text, whatever it holds.
   * Entities keep HTML and Markdown out (GitHub renders no Markdown inside a code element), and
   * the cell's pipe is an entity too.
   */
  static String code(String text) {
    StringBuilder out = new StringBuilder("<code>");
    Terminal.safe(text).codePoints().forEach(c -> {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '|' -> out.append("&#124;");
        case '`', '*', '_', '[', ']', '(', ')', '!', '\\', '~', '#', ':' -> out.append("&#").append(c).append(';');
        default -> out.appendCodePoint(c);
      }
    });
    return out.append("</code>").toString();
  }

  private static String escapeData(String text) {
    return Terminal.safe(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  private static String escapeProperty(String text) {
    return escapeData(text).replace(":", "%3A").replace(",", "%2C");
  }
}
