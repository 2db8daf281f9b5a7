package dev.skiff.publisher;

import dev.skiff.model.Namespace;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FilterSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Fetches from the registry only what a publish reads: one commit, the trees on the path to the
 * namespace's folder, and that folder. The other subtrees stay on the server, known only by their
 * ids ("elided"), the way a treeless partial clone works; so a fetch costs the same in a registry
 * of ten namespaces as in one of twenty thousand. A server that cannot filter or serve objects by
 * id gets a plain shallow fetch of the whole commit instead.
 *
 * <p>Objects are fetched by id into a repository that holds no refs, so that the fetches send no
 * "have" lines and the server does not assume the client holds what a commit reaches.
 */
final class RegistryFetch {
  /**
   * Filters that bring a wanted tree without what it holds. Git's servers always send the objects
   * a client names, so {@code tree:0} serves; JGit's server applies the filter to them too, and
   * sends a named tree only with {@code tree:1}.
   */
  private static final List<FilterSpec> ONE_TREE = List.of(filter("tree:0"), filter("tree:1"));

  private final Git git;
  private final String remote;
  private final CredentialsProvider credentials;
  private final TransportConfigCallback transport;
  private int treeFilter;

  RegistryFetch(Git git, String remote, CredentialsProvider credentials, TransportConfigCallback transport) {
    this.git = git;
    this.remote = remote;
    this.credentials = credentials;
    this.transport = transport;
  }

  /**
   * The subtrees of the fetched commit off the namespace's path ({@code offPath}): the push may take
   * them as the remote's without reading them. Those a narrow fetch left on the server are
   * {@code absent} here.
   */
  record Fetched(Set<ObjectId> offPath, Set<ObjectId> absent) {
    static final Fetched WHOLE = new Fetched(Set.of(), Set.of());

    /** Whether the subtrees off the path came too: a narrow fetch never brings them, a whole one does. */
    boolean offPathFetched() {
      return !offPath.isEmpty() && absent.isEmpty();
    }
  }

  Fetched fetch(ObjectId commit, Namespace namespace) throws GitAPIException, IOException {
    Optional<Fetched> narrow;
    try {
      narrow = narrow(commit, List.of(namespace.owner(), namespace.name()));
    } catch (TransportException refused) {
      // Not every server filters or serves objects by id; a real failure shows again just below.
      narrow = Optional.empty();
    }
    if (narrow.isPresent()) {
      return narrow.get();
    }
    fetch(commit, FilterSpec.NO_FILTER, 1);
    // Everything is here now; the subtrees off the namespace's path are still the remote's, and the
    // push need not read them (in a large registry, reading them costs more than the fetch's index).
    return narrow(commit, List.of(namespace.owner(), namespace.name())).orElse(Fetched.WHOLE);
  }

  /** The narrow fetch, or empty when the server did not send what was asked for. */
  private Optional<Fetched> narrow(ObjectId commit, List<String> folder) throws GitAPIException, IOException {
    Set<ObjectId> offPath = new HashSet<>();
    try (ObjectReader reader = git.getRepository().newObjectReader(); RevWalk walk = new RevWalk(reader)) {
      if (!reader.has(commit)) {
        fetch(commit, ONE_TREE.get(0), 1);
        if (!reader.has(commit)) {
          return Optional.empty();
        }
      }
      ObjectId tree = walk.parseCommit(commit).getTree();
      for (int depth = 0; tree != null; depth++) {
        boolean last = depth == folder.size();
        if (!reader.has(tree) && !(last ? fetchWhole(reader, tree) : fetchAlone(reader, tree))) {
          return Optional.empty();
        }
        if (last) {
          break;
        }
        ObjectId next = null;
        CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
        for (; !parser.eof(); parser.next()) {
          if (parser.getEntryFileMode() != FileMode.TREE) {
            continue;
          }
          if (parser.getEntryPathString().equals(folder.get(depth))) {
            next = parser.getEntryObjectId();
          } else {
            offPath.add(parser.getEntryObjectId());
          }
        }
        tree = next;
      }
      Set<ObjectId> absent = new HashSet<>();
      for (ObjectId id : offPath) {
        if (!reader.has(id)) {
          absent.add(id);
        }
      }
      return Optional.of(new Fetched(offPath, absent));
    }
  }

  /** Fetches one tree without its subtrees and files; false when no filter brought it. */
  private boolean fetchAlone(ObjectReader reader, ObjectId tree) throws GitAPIException, IOException {
    for (; treeFilter < ONE_TREE.size(); treeFilter++) {
      fetch(tree, ONE_TREE.get(treeFilter), null);
      if (reader.has(tree)) {
        return true;
      }
    }
    return false;
  }

  /** Fetches the namespace's folder with everything in it: its pages are read. */
  private boolean fetchWhole(ObjectReader reader, ObjectId tree) throws GitAPIException, IOException {
    fetch(tree, FilterSpec.NO_FILTER, null);
    return reader.has(tree);
  }

  private static FilterSpec filter(String line) {
    try {
      return FilterSpec.fromFilterLine(line);
    } catch (PackProtocolException e) {
      throw new IllegalArgumentException(line, e);
    }
  }

  private void fetch(ObjectId id, FilterSpec filter, Integer depth) throws GitAPIException {
    var fetch = git.fetch().setRemote(remote).setCredentialsProvider(credentials)
        .setRefSpecs(new RefSpec(id.name())).setTransportConfigCallback(t -> {
          transport.configure(t);
          t.setFilterSpec(filter);
        });
    if (depth != null) {
      fetch.setDepth(depth);
    }
    fetch.call();
  }
}
