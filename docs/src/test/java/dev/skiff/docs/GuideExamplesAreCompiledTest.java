package dev.skiff.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java example of the guides is code this build compiles: its lines appear, in order and
 * without gaps (indentation aside), in a source file of the docs module or the example builder.
 * An example that drifts from the API fails here instead of in a reader's editor.
 */
class GuideExamplesAreCompiledTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void theUserGuidesExamplesAreInTheDocsModule() throws Exception {
    assertCompiled(Path.of("user-guide.md"), sources(Path.of("src/main/java")));
  }

  @Test
  void theBuilderGuidesExamplesAreInTheExampleBuilder() throws Exception {
    assertCompiled(Path.of("builder-guide.md"), sources(Path.of("example-builder/src")));
  }

  private static void assertCompiled(Path guide, List<String> sources) throws IOException {
    Matcher blocks = JAVA_BLOCK.matcher(Files.readString(guide));
    int count = 0;
    while (blocks.find()) {
      count++;
      String example = normalized(blocks.group(1));
      assertThat(sources).as(guide + ": example " + count + " is in no compiled source:\n" + blocks.group(1))
          .anySatisfy(source -> assertThat(source).contains(example));
    }
    assertThat(count).as(guide + " has Java examples").isPositive();
  }

  /** Each source file's lines, trimmed, blank ones dropped, joined: what an example is looked for in. */
  private static List<String> sources(Path root) throws IOException {
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        sources.add(normalized(Files.readString(file)));
      }
    }
    return sources;
  }

  private static String normalized(String code) {
    return "\n" + String.join("\n", code.lines().map(String::strip).filter(line -> !line.isEmpty()).toList()) + "\n";
  }
}
