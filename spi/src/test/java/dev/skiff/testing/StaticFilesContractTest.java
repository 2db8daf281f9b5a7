package dev.skiff.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.StaticFiles;
import dev.skiff.support.FileDigests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link StaticFiles} must do, run by each store against its real backend: files put
 * are listed with their MD5 and read back whole, a put replaces, a delete removes, and no path
 * leaves the root. Where the store keeps a file's type and caching, they are the ones given.
 */
public abstract class StaticFilesContractTest {
  @TempDir
  protected Path files;

  protected StaticFiles site;

  /** A new, empty site for each test. */
  protected abstract StaticFiles openStaticFiles() throws Exception;

  /** A file as the backend holds it, or empty when there is none. */
  protected abstract Optional<byte[]> readBack(String path) throws Exception;

  /** The type and caching the backend serves a file with; empty for stores that keep none (a folder). */
  protected Optional<Map.Entry<String, String>> typeAndCaching(String path) throws Exception {
    return Optional.empty();
  }

  @BeforeEach
  void open() throws Exception {
    site = openStaticFiles();
  }

  @AfterEach
  void close() throws Exception {
    site.close();
  }

  protected Path file(String name, String content) throws Exception {
    return Files.writeString(files.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void filesPutAreListedWithTheirMd5AndReadBackWhole() throws Exception {
    Path page = file("page.html", "<!DOCTYPE html><p>hello</p>\n");
    Path json = file("tags.json", "{\"name\":\"lab/tool\",\"tags\":[\"latest\"]}");
    assertThat(site.list()).isEmpty();
    site.put("index.html", page, "text/html; charset=utf-8", "public, max-age=300");
    site.put("lab/tool/tags/index.json", json, "application/json", "public, max-age=60");
    assertThat(site.list()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "index.html", FileDigests.md5Hex(page), "lab/tool/tags/index.json", FileDigests.md5Hex(json)));
    assertThat(readBack("lab/tool/tags/index.json")).contains(Files.readAllBytes(json));
    Optional<Map.Entry<String, String>> served = typeAndCaching("lab/tool/tags/index.json");
    served.ifPresent(entry -> {
      assertThat(entry.getKey()).startsWith("application/json");
      assertThat(entry.getValue()).isEqualTo("public, max-age=60");
    });
  }

  @Test
  void aPutReplacesTheFileAndADeleteRemovesIt() throws Exception {
    site.put("a/b.html", file("one.html", "one"), "text/html", "no-cache");
    Path two = file("two.html", "two, longer");
    site.put("a/b.html", two, "text/html", "no-cache");
    assertThat(readBack("a/b.html")).contains(Files.readAllBytes(two));
    assertThat(site.list()).containsExactlyEntriesOf(Map.of("a/b.html", FileDigests.md5Hex(two)));
    site.delete("a/b.html");
    assertThat(readBack("a/b.html")).isEmpty();
    assertThat(site.list()).isEmpty();
  }

  @Test
  void noPathLeavesTheRoot() throws Exception {
    Path any = file("x.html", "x");
    for (String bad : new String[] {"../x.html", "/x.html", "a//x.html", "a/./x.html", "a\\x.html", "", "a/\nb"}) {
      assertThatThrownBy(() -> site.put(bad, any, "text/html", "no-cache")).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(site.list()).isEmpty();
  }
}
