package dev.skiff.registry.gc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.registry.FrontMatter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * The mark of {@code skiff gc}: every sha256 the registry repository mentions anywhere it looks.
 * It reads every file of every branch and tag (the default branch, open {@code update/*} branches,
 * anything else, and the refs a hosting service keeps for open pull and merge requests), and of
 * older commits back to a given time; any 64-character hex string in any file counts, whatever
 * page format, key or URL holds it, and so does one in any value of a page's front matter as verify
 * and the site read it (YAML may spell a digest with escapes or break it across lines). Marking
 * too much only keeps a blob longer; marking too little would delete an image someone pulls.
 */
final class ReferencedImages {
  /** Files up to this size are also read as pages; registry pages are far smaller. */
  private static final int PAGE_LIMIT = 1 << 20;
  private static final Pattern SHA256_HEX = Pattern.compile("(?<![0-9A-Fa-f])[0-9A-Fa-f]{64}(?![0-9A-Fa-f])");

  /**
   * @param digests every sha256 found, as lowercase hex
   * @param refs the branches and tags read
   * @param commits the commits whose files were read
   * @param files the distinct files read
   */
  record Marks(Set<String> digests, List<String> refs, int commits, int files) {}

  private final Repository repository;
  private final Set<ObjectId> seenTrees = new HashSet<>();
  private final Set<ObjectId> seenFiles = new HashSet<>();
  private final Set<String> digests = new HashSet<>();

  private ReferencedImages(Repository repository) {
    this.repository = repository;
  }

  /**
   * @param since also read every commit these tips reach that was made at or after this time;
   *     empty for the tips alone
   */
  static Marks mark(Repository repository, Optional<Instant> since) throws IOException {
    return new ReferencedImages(repository).markAll(since);
  }

  private Marks markAll(Optional<Instant> since) throws IOException {
    List<String> names = new ArrayList<>();
    int commits = 0;
    try (RevWalk walk = new RevWalk(repository); ObjectReader reader = repository.newObjectReader()) {
      List<RevCommit> tips = new ArrayList<>();
      for (Ref ref : repository.getRefDatabase().getRefs()) {
        ObjectId id = ref.getObjectId();
        if (id == null) {
          continue;
        }
        RevObject target = walk.peel(walk.parseAny(id));
        if (target instanceof RevCommit commit) {
          names.add(ref.getName());
          tips.add(commit);
        }
      }
      Set<ObjectId> read = new HashSet<>();
      for (RevCommit tip : tips) {
        if (read.add(tip.copy())) {
          markTree(reader, tip.getTree());
          commits++;
        }
      }
      if (since.isPresent() && !tips.isEmpty()) {
        // Every commit is looked at, not only until the first older one (as a commit-time filter
        // would stop): with skewed clocks a recent commit can sit behind an older one.
        long sinceSeconds = since.get().getEpochSecond();
        walk.reset();
        walk.markStart(tips);
        for (RevCommit commit : walk) {
          if (commit.getCommitTime() >= sinceSeconds && read.add(commit.copy())) {
            markTree(reader, commit.getTree());
            commits++;
          }
        }
      }
    }
    return new Marks(Set.copyOf(digests), List.copyOf(names), commits, seenFiles.size());
  }

  private void markTree(ObjectReader reader, ObjectId tree) throws IOException {
    if (!seenTrees.add(tree.copy())) {
      return; // shared by an earlier commit or folder: read once
    }
    CanonicalTreeParser entries = new CanonicalTreeParser(null, reader, tree);
    for (; !entries.eof(); entries.next()) {
      FileMode mode = entries.getEntryFileMode();
      ObjectId id = entries.getEntryObjectId();
      if (mode == FileMode.TREE) {
        markTree(reader, id);
      } else if ((mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) && seenFiles.add(id)) {
        markFile(reader.open(id, Constants.OBJ_BLOB));
      }
    }
  }

  /** Every digest in a page's values and keys, as YAML decodes them. */
  private void markValues(JsonNode node) {
    if (node.isTextual()) {
      mark(node.asText());
    }
    node.fieldNames().forEachRemaining(this::mark);
    node.forEach(this::markValues);
  }

  private void mark(CharSequence text) {
    Matcher hex = SHA256_HEX.matcher(text);
    while (hex.find()) {
      digests.add(hex.group().toLowerCase(Locale.ROOT));
    }
  }

  private void markFile(ObjectLoader file) throws IOException {
    if (file.getSize() <= PAGE_LIMIT) {
      // Small enough to hold: read once, scanned as bytes and parsed as a page.
      byte[] bytes = file.getCachedBytes();
      mark(new String(bytes, StandardCharsets.ISO_8859_1));
      FrontMatter.parse(new String(bytes, StandardCharsets.UTF_8)).ifPresent(this::markValues);
      return;
    }
    // Streamed in overlapping windows, so that a file of any size is read in bounded memory and a
    // digest across a window's edge is still found.
    byte[] window = new byte[1 << 16];
    int kept = 0;
    try (var in = file.openStream()) {
      int n;
      while ((n = in.readNBytes(window, kept, window.length - kept)) > 0) {
        int length = kept + n;
        mark(new String(window, 0, length, StandardCharsets.ISO_8859_1));
        kept = Math.min(64, length);
        System.arraycopy(window, length - kept, window, 0, kept);
      }
    }
  }
}
