package dev.skiff.registry.verify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Manifest pages that vary every byte Jekyll's and YAML's readers care about, from a seed: each
 * page is an honest manifest page (as Skiff writes it) with one to three edits: line ends of every
 * kind Unicode and YAML know, byte order marks, trailing blanks and tabs, fence variants, comments
 * carrying markup, indentation, empty and extra documents, bodies, and scalars that YAML 1.1 reads
 * as something other than text. The same seed gives the same pages.
 */
final class FrontMatterCorpus {
  private static final String HEX = "5d0f8a6b3e21c4f7a9d8e6b5c3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4";
  /** The honest page, one line per entry, each ending in "\n". */
  private static final List<String> HONEST = List.of(
      "---",
      "layout: manifests/singularity",
      "size: 4096",
      "digest: sha256:" + HEX,
      "layers:",
      "- size: 4096",
      "  digest: sha256:" + HEX,
      "  url: https://blobs.example.org/lab/tool/latest.sif",
      "skiff:",
      "  tag: latest",
      "  recipe: Singularity",
      "  created: '2026-11-27T21:29:35Z'",
      "  labels:",
      "    Author: Jane Doe",
      "    Version: v1",
      "---");
  private static final int LABEL_VALUE = 13;
  private static final int TAG_VALUE = 9;
  private static final int DIGEST = 3;
  /** The digest as YAML can spell it: quoted, escaped, broken across lines, folded. */
  private static final String[] DIGESTS = {"'sha256:" + HEX + "'", "\"sha256:" + HEX + "\"",
      "\"sha256:" + HEX.substring(0, 20) + "\\\n  " + HEX.substring(20) + "\"", "\"sha256:\\x35" + HEX.substring(1) + "\"",
      "sha256:" + HEX.substring(0, 20) + "\n  " + HEX.substring(20), ">-\n  sha256:" + HEX, "sha256:" + HEX + " # c",
      "sha256:" + HEX.toUpperCase(java.util.Locale.ROOT), "!!str sha256:" + HEX};

  private static final String[] LINE_ENDS = {"\n", "\r\n", "\r", "\u0085", "\u2028", "\u2029", "\u000B", "\u000C",
      "\r\r\n", "\n\n", "\n\r\n", " \n", "\t\n"};
  private static final String[] BLANKS = {" ", "\t", " \t ", "\u00A0", "  ", "\u3000"};
  private static final String[] FENCES = {"---", "--- ", "---\t", "----", "...", "-- -", "--- # c", " ---", "---x",
      "--- |", "--- >", "... ", "---\u00A0"};
  private static final String[] COMMENTS = {"# <img src=\"x\" onerror=\"alert(document.domain)\">",
      "#<script>alert(1)</script>", "  # {{ site.github }}", "\t# tab", "# ---", "## ..."};
  private static final String[] SCALARS = {"yes", "no", "on", "off", "y", "n", "Yes", "TRUE", "true", "False", "~",
      "null", "Null", "nUll", "", "010", "0x1F", "0b101", "0o17", "1_000", "1,000", "+5", "-0", "5", "1e3", "1.5", "1.",
      ".5", ".inf", "-.Inf", ".NaN", ":sym", ":'q'", "2024-05-01", "2024-5-1", "2024-05-01 10:00:00", "2024-05-01T10:00:00Z",
      "12:30", "1:20:30.5", "'quoted'", "\"double\\u0041\"", "\"a\\nb\"", "\"a\\\n  b\"", "\"\\/\"", "\"\\N\\_\\L\\P\"",
      "|-\n    block", ">-\n    folded\n    text", "!!str 5", "!!int \"5\"", "! x", "&a x", "*a", "[a, b]", "{a: b}",
      "plain # comment", "plain#nocomment", "a: b", "- x", "'it''s'", "\"tab\\there\"", "text\n    continued",
      "text\n\n    paragraph", "v1.2.3", "1.2.3", "0.1", "e", "1e", "_1", "1__0", "0_", "0b_", "12e4a", "x:y", "@at", "`tick`"};
  private static final String[] BODIES = {"\n", " ", "\t\n", "\n\n", "x", "<img src=x onerror=alert(1)>", "\u00A0",
      "\u2028", "\r", "\f", "---\n", "# heading\n"};

  private final Random random;

  FrontMatterCorpus(long seed) {
    this.random = new Random(seed);
  }

  /** Scalars YAML 1.1 and YAML 1.2 readers take in different ways, as they would appear in a page. */
  static List<String> scalars() {
    return List.of(SCALARS);
  }

  /** The honest page itself. */
  static String honest() {
    return String.join("\n", HONEST) + "\n";
  }

  /** The next {@code count} pages. */
  List<String> pages(int count) {
    List<String> pages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      pages.add(page());
    }
    return pages;
  }

  private String page() {
    List<String> lines = new ArrayList<>(HONEST);
    List<String> ends = new ArrayList<>(Collections.nCopies(lines.size(), "\n"));
    String prefix = "";
    String body = "";
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits; i++) {
      int at = random.nextInt(lines.size());
      switch (random.nextInt(10)) {
        case 0, 1 -> ends.set(at, pick(LINE_ENDS));
        case 2 -> lines.set(at, lines.get(at) + pick(BLANKS));
        case 3 -> lines.set(random.nextBoolean() ? 0 : lastFence(lines), pick(FENCES));
        case 4 -> insert(lines, ends, at, pick(COMMENTS));
        case 5 -> lines.set(at, indent(lines.get(at)));
        case 6 -> {
          int which = random.nextInt(3);
          if (which == 0) {
            insert(lines, ends, 1 + random.nextInt(lines.size() - 1), "---");
          } else if (which == 1) {
            lines.subList(1, lines.size() - 1).clear();
            ends.subList(1, ends.size() - 1).clear();
          } else {
            prefix = "\uFEFF";
          }
        }
        case 7 -> body = pick(BODIES);
        case 8, 9 -> {
          int line = List.of(LABEL_VALUE, TAG_VALUE, DIGEST).get(random.nextInt(3));
          if (line < lines.size() - 1) {
            lines.set(line, replaceValue(lines.get(line), pick(line == DIGEST ? DIGESTS : SCALARS)));
          }
        }
        default -> throw new AssertionError();
      }
    }
    StringBuilder page = new StringBuilder(prefix);
    for (int i = 0; i < lines.size(); i++) {
      page.append(lines.get(i)).append(ends.get(i));
    }
    return page.append(body).toString();
  }

  private static int lastFence(List<String> lines) {
    return lines.size() - 1;
  }

  private static void insert(List<String> lines, List<String> ends, int at, String line) {
    lines.add(Math.max(1, at), line);
    ends.add(Math.max(1, at), "\n");
  }

  private String indent(String line) {
    return switch (random.nextInt(4)) {
      case 0 -> " " + line;
      case 1 -> "\t" + line;
      case 2 -> line.startsWith(" ") ? line.substring(1) : line;
      default -> line.replaceFirst("^( *)", "$1$1");
    };
  }

  private static String replaceValue(String line, String value) {
    int colon = line.indexOf(": ");
    return colon < 0 ? line : line.substring(0, colon + 2) + value;
  }

  private String pick(String[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
