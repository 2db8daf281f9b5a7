package dev.skiff.registry;

import dev.skiff.model.Namespace;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
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
  /** The commit and its root tree only. */
  private static final FilterSpec ONE_TREE = filter("tree:1");

  private final Git git;
  private final String remote;
  private final CredentialsProvider credentials;

  RegistryFetch(Git git, String remote, CredentialsProvider credentials) {
    this.git = git;
    this.remote = remote;
    this.credentials = credentials;
  }

  /** What a fetch left on the server: subtrees of the fetched commit, present there, absent here. */
  record Fetched(Set<ObjectId> elided) {
    static final Fetched WHOLE = new Fetched(Set.of());
  }

  Fetched fetch(ObjectId commit, Namespace namespace) throws GitAPIException, IOException {
    try {
      return narrow(commit, List.of(namespace.owner(), namespace.name()));
    } catch (TransportException narrowRefused) {
      // Not every server filters or serves trees by id; a real failure shows again just below.
      fetch(commit, FilterSpec.NO_FILTER, 1);
      return Fetched.WHOLE;
    }
  }

  private Fetched narrow(ObjectId commit, List<String> folder) throws GitAPIException, IOException {
    fetch(commit, ONE_TREE, 1);
    Set<ObjectId> elided = new HashSet<>();
    try (ObjectReader reader = git.getRepository().newObjectReader(); RevWalk walk = new RevWalk(reader)) {
      RevCommit parsed = walk.parseCommit(commit);
      ObjectId tree = parsed.getTree();
      for (int depth = 0; tree != null; depth++) {
        boolean last = depth == folder.size();
        if (!reader.has(tree)) {
          fetch(tree, last ? FilterSpec.NO_FILTER : ONE_TREE, null);
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
            elided.add(parser.getEntryObjectId());
          }
        }
        tree = next;
      }
    }
    return new Fetched(elided);
  }

  private static FilterSpec filter(String line) {
    try {
      return FilterSpec.fromFilterLine(line);
    } catch (org.eclipse.jgit.errors.PackProtocolException e) {
      throw new IllegalArgumentException(line, e);
    }
  }

  private void fetch(ObjectId id, FilterSpec filter, Integer depth) throws GitAPIException {
    var fetch = git.fetch().setRemote(remote).setCredentialsProvider(credentials)
        .setRefSpecs(new RefSpec(id.name())).setTransportConfigCallback(transport -> transport.setFilterSpec(filter));
    if (depth != null) {
      fetch.setDepth(depth);
    }
    fetch.call();
  }
}
