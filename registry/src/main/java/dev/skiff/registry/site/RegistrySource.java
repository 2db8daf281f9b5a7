package dev.skiff.registry.site;

import dev.skiff.model.Namespace;
import dev.skiff.registry.RegistryKeys;
import dev.skiff.registry.RegistryLayout;
import dev.skiff.registry.RegistryRepository;
import dev.skiff.registry.verify.RegistryRules;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * A registry repository read at one revision: a folder on this machine, or a git URL cloned into a
 * private folder first. Its pages are handed out one namespace at a time, in path order, so that
 * rendering never holds more than one namespace's pages.
 */
final class RegistrySource implements AutoCloseable {

  /** One file of a namespace: its path, and its bytes or why they were not read. */
  record PageFile(String path, RegistryLayout.PagePath page, byte[] content, Optional<String> unreadable) {}

  /** The pages of one namespace, in path order. */
  record NamespacePages(Namespace namespace, List<PageFile> files) {}

  @FunctionalInterface
  interface Visitor {
    void visit(NamespacePages pages) throws SkiffException, IOException, InterruptedException;
  }

  private final Repository repository;
  private final String name;

  private RegistrySource(Repository repository, String name) {
    this.repository = repository;
    this.name = name;
  }

  /**
   * @param registry a folder holding a git repository (bare or not), or a git URL
   * @param cloneInto an empty folder for the clone of a URL
   */
  static RegistrySource open(String registry, Path cloneInto) throws SkiffException {
    return new RegistrySource(RegistryRepository.openOrClone(registry, cloneInto), RegistryRepository.nameOf(registry));
  }

  /** The commit a revision names; HEAD (the default branch) when none is given. */
  RevCommit commit(Optional<String> rev, String option) throws SkiffException, IOException {
    String wanted = rev.orElse(Constants.HEAD);
    ObjectId id;
    try {
      id = repository.resolve(wanted + "^{commit}");
    } catch (RevisionSyntaxException e) {
      id = null;
    }
    if (id == null) {
      throw new SkiffException((rev.isPresent() ? option + " " + wanted : "registry " + name + ": HEAD")
          + ": no such commit in registry " + name);
    }
    try (RevWalk walk = new RevWalk(repository)) {
      return walk.parseCommit(id);
    }
  }

  /** @throws SkiffException when the commit holds no registry */
  void requireRegistry(RevCommit commit) throws SkiffException, IOException {
    RegistryRepository.requireRegistry(repository, commit, name);
  }

  /** The registry's signing keys and rules at a commit, as the site publishes them. */
  SiteKeys keys(RevCommit commit) throws SkiffException, IOException {
    try (ObjectReader reader = repository.newObjectReader()) {
      return new SiteKeys(RegistryKeys.parse(RegistryKeys.read(reader, commit.getTree())),
          RegistryRules.at(reader, commit.getTree()));
    }
  }

  /** When each tag got each image, up to the commit; only for the namespaces in {@code only}, when given. */
  RegistryHistory history(RevCommit commit, Optional<Collection<Namespace>> only) throws IOException {
    return RegistryHistory.read(repository, commit, only);
  }

  /** Whether the registry's rules or keys ({@code .skiff/}) differ between two commits. */
  boolean settingsChanged(RevCommit from, RevCommit to) throws IOException {
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.addTree(from.getTree());
      walk.addTree(to.getTree());
      walk.setRecursive(true);
      walk.setFilter(AndTreeFilter.create(PathFilter.create(RegistryLayout.SETTINGS_FOLDER.substring(0,
          RegistryLayout.SETTINGS_FOLDER.length() - 1)), TreeFilter.ANY_DIFF));
      return walk.next();
    }
  }

  /** The namespaces that have a file added, changed or deleted between two commits. */
  Set<Namespace> changedNamespaces(RevCommit from, RevCommit to) throws IOException {
    Set<Namespace> changed = new TreeSet<>(SiteOrder.NAMESPACES);
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.addTree(from.getTree());
      walk.addTree(to.getTree());
      walk.setRecursive(true);
      walk.setFilter(TreeFilter.ANY_DIFF);
      while (walk.next()) {
        RegistryLayout.namespaceOf(walk.getPathString()).ifPresent(changed::add);
      }
    }
    return changed;
  }

  /**
   * Hands the pages of the commit's namespaces to the visitor, one namespace at a time; only
   * those in {@code only}, when given. Files outside the layout (site layouts, workflows, other
   * files) are not read.
   */
  void forEachNamespace(RevCommit commit, Optional<Collection<Namespace>> only, Visitor visitor)
      throws SkiffException, IOException, InterruptedException {
    try (ObjectReader reader = repository.newObjectReader(); TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      if (only.isPresent()) {
        if (only.get().isEmpty()) {
          return;
        }
        Set<String> folders = new LinkedHashSet<>();
        only.get().forEach(ns -> folders.add(ns.toString()));
        walk.setFilter(PathFilterGroup.createFromStrings(folders));
      }
      Namespace current = null;
      List<PageFile> files = new ArrayList<>();
      while (walk.next()) {
        String path = walk.getPathString();
        Optional<RegistryLayout.PagePath> page = RegistryLayout.parse(path);
        if (page.isEmpty()) {
          continue;
        }
        Namespace namespace = page.get().namespace();
        if (!namespace.equals(current)) {
          if (current != null) {
            visitor.visit(new NamespacePages(current, List.copyOf(files)));
          }
          current = namespace;
          files.clear();
        }
        files.add(read(reader, walk, path, page.get()));
      }
      if (current != null) {
        visitor.visit(new NamespacePages(current, List.copyOf(files)));
      }
    }
  }

  private static PageFile read(ObjectReader reader, TreeWalk walk, String path, RegistryLayout.PagePath page)
      throws IOException {
    FileMode mode = walk.getFileMode(0);
    if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
      return new PageFile(path, page, new byte[0], Optional.of("is not a regular file"));
    }
    ObjectId id = walk.getObjectId(0);
    long size = reader.getObjectSize(id, Constants.OBJ_BLOB);
    if (size > RegistryLayout.MAX_PAGE_BYTES) {
      return new PageFile(path, page, new byte[0], Optional.of("is " + size + " bytes; a registry page is at most "
          + RegistryLayout.MAX_PAGE_BYTES));
    }
    return new PageFile(path, page, reader.open(id, Constants.OBJ_BLOB).getBytes(), Optional.empty());
  }

  @Override
  public void close() {
    repository.close();
  }

  /** For messages. */
  String name() {
    return name;
  }
}
