package dev.skiff.support;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns the JDK's terse I/O exceptions into the words a user expects in a one-line message. */
public final class IoMessages {
  private IoMessages() {}

  /** "FILE: permission denied", "FILE: no such file or folder", or the exception's own message. */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException fse) {
      String why = fse.getReason() != null ? fse.getReason() : kind(fse);
      return fse.getFile() + (fse.getOtherFile() != null ? " -> " + fse.getOtherFile() : "") + ": " + why;
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * A server's answer fit for a one-line message: whitespace collapsed, at most {@code max}
   * characters.
   */
  public static String oneLine(String text, int max) {
    String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max - 3) + "...";
  }

  private static String kind(FileSystemException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof NotDirectoryException) {
      return "not a folder";
    }
    return e.getClass().getSimpleName();
  }
}
