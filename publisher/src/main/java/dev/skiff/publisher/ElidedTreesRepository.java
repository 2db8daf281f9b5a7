package dev.skiff.publisher;

import java.io.File;
import java.io.IOException;
import java.util.Set;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The work repository as the push sees it. Before it sends a pack, JGit walks every tree of the
 * remote's tip to leave out what the remote has; the subtrees off the namespace's path (which
 * {@link RegistryFetch} leaves on the server when it can) read here as empty trees, whether
 * fetched or not, which is all that walk needs: they are the remote's, and the new commit refers
 * to them only by id. Any other missing object still fails. If such a tree were ever sent, the
 * server would find its real id missing and refuse the push, so this cannot corrupt the registry.
 */
final class ElidedTreesRepository extends FileRepository {
  private static final byte[] EMPTY_TREE = new byte[0];

  private final Set<ObjectId> elided;

  ElidedTreesRepository(File gitDir, Set<ObjectId> elided) throws IOException {
    super(gitDir);
    this.elided = elided;
  }

  @Override
  public ObjectReader newObjectReader() {
    return new Reader(super.newObjectReader());
  }

  private final class Reader extends ObjectReader.Filter {
    private final ObjectReader delegate;

    Reader(ObjectReader delegate) {
      this.delegate = delegate;
    }

    @Override
    protected ObjectReader delegate() {
      return delegate;
    }

    @Override
    public ObjectReader newReader() {
      return new Reader(delegate.newReader());
    }

    @Override
    public ObjectLoader open(AnyObjectId id, int typeHint) throws IOException {
      if ((typeHint == Constants.OBJ_TREE || typeHint == OBJ_ANY) && elided.contains(id)) {
        return new ObjectLoader.SmallObject(Constants.OBJ_TREE, EMPTY_TREE);
      }
      return delegate.open(id, typeHint);
    }
  }
}
