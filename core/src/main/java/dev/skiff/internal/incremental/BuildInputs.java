package dev.skiff.internal.incremental;

import dev.skiff.model.Digest;
import dev.skiff.model.Recipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a build reads, and its digest: the recipe as Apptainer understands it (header keywords
 * without comments or spelling, the sections), every file and folder its {@code %files} copy from
 * the repository (path, kind, executable bit, content; links by their text and by what they lead to
 * in the repository, since the builders copy the target's bytes: the scratch builder for a
 * {@code %files} source that is a link, Apptainer for every link, as {@code cp -L} does), a
 * {@code localimage} base, the builder's name and the settings that change its output. Equal
 * digests mean the build would read the same things, so a run skips it.
 *
 * @param digest the digest of all of it
 * @param paths the repository files read, relative to the source folder, for the history of their changes
 */
public record BuildInputs(Digest digest, List<String> paths) {
  /** Changes when what is hashed changes, so that digests of an older Skiff never match by accident. */
  private static final String SCHEME = "skiff build inputs 1";
  private static final Pattern GIT_FOLDER = Pattern.compile("(.*/)?\\.git(/.*)?");

  public BuildInputs {
    paths = List.copyOf(paths);
  }

  /**
   * @param builder the builder's name
   * @param settings the builder's settings that change what it makes, by key
   */
  public static BuildInputs of(Recipe recipe, String builder, SortedMap<String, String> settings) {
    Hasher hash = new Hasher();
    List<String> paths = new ArrayList<>();
    hash.field(SCHEME);
    hash.field(builder);
    settings.forEach((key, value) -> hash.field(key).field(value));
    String recipePath = slashes(recipe.path());
    paths.add(recipePath);
    hash.field("recipe").field(recipePath);
    SortedMap<String, String> header = new TreeMap<>();
    recipe.header().forEach((key, value) -> header.put(key.toLowerCase(Locale.ROOT), value));
    header.forEach((key, value) -> hash.field(key).field(value));
    for (Recipe.Section section : recipe.sections()) {
      hash.field("%" + section.name()).field(section.arguments()).field(section.body());
    }
    Tree tree = new Tree(hash, recipe.root().toAbsolutePath().normalize(), paths);
    for (Recipe.FileCopy copy : recipe.fileCopies()) {
      if (copy.stage().isEmpty()) {
        tree.add(copy.source(), recipe.folder().toAbsolutePath().resolve(copy.source()).normalize());
      }
    }
    if (recipe.bootstrap().equals("localimage")) {
      Optional<String> from = recipe.header("From");
      if (from.isPresent()) {
        tree.add(from.get(), recipe.folder().toAbsolutePath().resolve(from.get()).normalize());
      }
    }
    return new BuildInputs(hash.digest(), paths);
  }

  /** The repository files and folders a build reads, hashed as they are found. */
  private static final class Tree {
    private final Hasher hash;
    private final Path root;
    private final Path realRoot;
    private final List<String> paths;
    /** The real paths of link targets already hashed: a link cycle ends there. */
    private final Set<Path> followed = new HashSet<>();

    Tree(Hasher hash, Path root, List<String> paths) {
      this.hash = hash;
      this.root = root;
      this.realRoot = realPath(root).orElse(root);
      this.paths = paths;
    }

    /**
     * A file or folder and all below it, in path order. What lies outside the repository is named
     * as written, not read: it belongs to the machine that builds. What is missing or cannot be
     * read counts as such, so that the build runs and says what is wrong.
     */
    void add(String written, Path path) {
      if (!path.startsWith(root)) {
        hash.field("outside").field(written);
        return;
      }
      String relative = slashes(root.relativize(path));
      paths.add(relative);
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        hash.field("missing").field(relative);
        return;
      }
      List<Path> all;
      // Git's own folder changes with every commit; what a build means does not.
      try (Stream<Path> walk = Files.walk(path)) {
        all = walk.filter(each -> !GIT_FOLDER.matcher(slashes(root.relativize(each))).matches()).sorted().toList();
      } catch (IOException | UncheckedIOException e) {
        hash.field("unreadable").field(relative);
        return;
      }
      for (Path each : all) {
        String name = slashes(root.relativize(each));
        try {
          if (Files.isSymbolicLink(each)) {
            hash.field("link").field(name).field(Files.readSymbolicLink(each).toString());
            follow(each);
          } else if (Files.isDirectory(each, LinkOption.NOFOLLOW_LINKS)) {
            hash.field("folder").field(name);
          } else if (Files.isRegularFile(each, LinkOption.NOFOLLOW_LINKS)) {
            hash.field(Files.isExecutable(each) ? "executable" : "file").field(name).file(each);
          } else {
            hash.field("special").field(name);
          }
        } catch (IOException e) {
          hash.field("unreadable").field(name);
        }
      }
    }

    /** What a link leads to in the repository, hashed as a source of its own. */
    private void follow(Path link) {
      Optional<Path> target = realPath(link);
      if (target.isEmpty() || !target.get().startsWith(realRoot)) {
        hash.field(target.isEmpty() ? "dangling" : "leads outside");
        return;
      }
      Path inRepository = root.resolve(realRoot.relativize(target.get()).toString());
      if (followed.add(target.get())) {
        hash.field("leads to");
        add(slashes(root.relativize(inRepository)), inRepository);
      } else {
        hash.field("leads again to").field(slashes(root.relativize(inRepository)));
      }
    }

    private static Optional<Path> realPath(Path path) {
      try {
        return Optional.of(path.toRealPath());
      } catch (IOException e) {
        return Optional.empty();
      }
    }
  }

  private static String slashes(Path path) {
    return path.toString().replace('\\', '/');
  }

  /** Fields are length-prefixed, so that no two different sequences of them hash alike. */
  private static final class Hasher {
    private final MessageDigest sha256 = Digest.newSha256();

    Hasher field(String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      length(bytes.length);
      sha256.update(bytes);
      return this;
    }

    void file(Path file) throws IOException {
      length(Files.size(file));
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha256.update(buffer, 0, n);
        }
      }
    }

    private void length(long length) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        sha256.update((byte) (length >>> shift));
      }
    }

    Digest digest() {
      return Digest.of(sha256.digest());
    }
  }
}
