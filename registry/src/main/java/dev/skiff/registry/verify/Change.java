package dev.skiff.registry.verify;

import java.util.Optional;

/**
 * One path a pull request adds, modifies or deletes.
 *
 * @param kind what happened to it
 * @param path the path (the old one for deletions)
 * @param type what the head holds there: a file, a symlink, a submodule; empty for deletions
 * @param size the new content's size in bytes; 0 for deletions
 * @param content the new content, for regular files no larger than the size limit
 */
public record Change(Kind kind, String path, Optional<EntryType> type, long size, Optional<byte[]> content) {

  /** What the pull request does to the path. */
  public enum Kind {
    /** Adds it. */
    ADD,
    /** Changes it. */
    MODIFY,
    /** Deletes it. */
    DELETE
  }

  /** What git holds at the path. */
  public enum EntryType {
    /** A regular file. */
    FILE,
    /** An executable file. */
    EXECUTABLE,
    /** A symbolic link. */
    SYMLINK,
    /** A submodule's commit. */
    SUBMODULE,
    /** A folder. */
    TREE
  }
}
