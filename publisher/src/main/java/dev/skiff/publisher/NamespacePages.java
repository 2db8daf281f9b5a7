package dev.skiff.publisher;

import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;
import dev.skiff.registry.ManifestPage;
import dev.skiff.registry.RegistryLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The pages of one namespace in a registry commit, read from its folder alone (the part of the
 * tree a narrow fetch brings).
 */
final class NamespacePages {
  private final ObjectReader reader;
  private final RevCommit commit;

  NamespacePages(ObjectReader reader, RevCommit commit) {
    this.reader = reader;
    this.commit = commit;
  }

  /** A page; empty when there is none, or what is there is no page (it is then written anew). */
  Optional<String> read(String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(reader, path, commit.getTree())) {
      if (walk == null || !walk.getFileMode(0).equals(FileMode.REGULAR_FILE)
          || reader.getObjectSize(walk.getObjectId(0), Constants.OBJ_BLOB) > RegistryLayout.MAX_PAGE_BYTES) {
        return Optional.empty();
      }
      return Optional.of(new String(reader.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
    }
  }

  /** The tags that have a manifest page, and the page's text, in tag order. */
  SortedMap<Tag, String> manifests(Namespace namespace) throws IOException {
    SortedMap<Tag, String> pages = new TreeMap<>();
    String folder = RegistryLayout.manifestsFolder(namespace);
    List<String> names = new ArrayList<>();
    try (TreeWalk walk = TreeWalk.forPath(reader, folder, commit.getTree())) {
      if (walk == null || !walk.getFileMode(0).equals(FileMode.TREE)) {
        return pages;
      }
      try (TreeWalk children = new TreeWalk(reader)) {
        children.addTree(walk.getObjectId(0));
        while (children.next()) {
          if (children.getFileMode(0).equals(FileMode.TREE)) {
            names.add(children.getNameString());
          }
        }
      }
    }
    for (String name : names) {
      Optional<Tag> tag = RegistryLayout.parse(folder + "/" + name + "/" + RegistryLayout.PAGE)
          .flatMap(RegistryLayout.PagePath::tag);
      if (tag.isPresent()) {
        Optional<String> page = read(RegistryLayout.manifest(namespace, tag.get()));
        page.ifPresent(text -> pages.put(tag.get(), text));
      }
    }
    return pages;
  }

  /** The manifests Skiff wrote into the namespace, read back. */
  List<Manifest> published(Namespace namespace) throws IOException {
    List<Manifest> manifests = new ArrayList<>();
    for (var page : manifests(namespace).entrySet()) {
      ManifestPage.manifest(namespace, page.getKey(), page.getValue()).ifPresent(manifests::add);
    }
    return manifests;
  }
}
