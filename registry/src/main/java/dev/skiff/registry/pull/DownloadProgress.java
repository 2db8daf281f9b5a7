package dev.skiff.registry.pull;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How far each part of a download has come, kept in a file beside the bytes as they arrive, so that
 * a pull run again after any end (an error, Ctrl-C, SIGKILL, an out-of-memory kill, a power loss)
 * asks only for what is missing. Each part records two marks: what was written (enough while the
 * machine stays up) and what was synced to disk (what a power loss leaves), with the boot they were
 * written in. The record is rewritten in place, one small write of fixed length, which a killed
 * process cannot leave half done.
 */
final class DownloadProgress implements AutoCloseable {
  private static final String HEADER = "skiff download progress 1";
  /** A part's written mark reaches the file after this many more bytes, and when the part ends. */
  private static final long RECORD_EVERY = 1L << 20;

  /** One range of the blob, from {@code start} to {@code end} inclusive, written up to {@code next}. */
  static final class Part {
    final int index;
    final long start;
    final long end;
    private volatile long next;
    private long recorded;
    private long synced;

    private Part(int index, long start, long end) {
      this.index = index;
      this.start = start;
      this.end = end;
      this.next = start;
      this.recorded = start;
      this.synced = start;
    }

    long next() {
      return next;
    }

    boolean complete() {
      return next > end;
    }

    long missing() {
      return end + 1 - next;
    }
  }

  private final long size;
  private final List<Part> parts;
  // Not a FileChannel: an interrupt of a part's thread would close it for every part.
  private final RandomAccessFile file;

  private DownloadProgress(long size, List<Part> parts, RandomAccessFile file) {
    this.size = size;
    this.parts = parts;
    this.file = file;
  }

  /**
   * The progress of a download of {@code size} bytes in parts of {@code chunk} bytes (the last one
   * shorter): as the file records it when it records this very split, else from nothing.
   *
   * @param held how long the download's file is: no mark counts beyond it (a pull killed after its
   *     file went into the cache leaves the record, and the next finds no file)
   */
  static DownloadProgress open(Path path, long size, long chunk, long held) throws IOException {
    List<Part> parts = new ArrayList<>();
    for (long start = 0; start < size; start += chunk) {
      parts.add(new Part(parts.size(), start, Math.min(size, start + chunk) - 1));
    }
    if (Files.isRegularFile(path) && !readInto(path, size, parts, held)) {
      parts.forEach(part -> part.next = part.recorded = part.synced = part.start);
    }
    RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
    DownloadProgress progress = new DownloadProgress(size, parts, file);
    // Written before anything is cut, so that a kill in between leaves the old record readable.
    file.setLength(progress.write(false));
    return progress;
  }

  /** Reads the recorded marks into the parts; false when the record is of another download or unreadable. */
  private static boolean readInto(Path path, long size, List<Part> parts, long held) {
    try {
      List<String> lines = Files.readAllLines(path, StandardCharsets.US_ASCII);
      if (lines.size() != 3 + parts.size() || !lines.get(0).equals(HEADER)
          || Long.parseLong(field(lines.get(1), "size", 1)) != size) {
        return false;
      }
      boolean sameBoot = MachineBoot.isCurrent(field(lines.get(2), "boot", 1));
      for (Part part : parts) {
        String line = lines.get(3 + part.index);
        if (Long.parseLong(field(line, "part", 1)) != part.start || Long.parseLong(field(line, "part", 2)) != part.end) {
          return false;
        }
        long written = Long.parseLong(field(line, "part", 3));
        long synced = Long.parseLong(field(line, "part", 4));
        part.synced = clamp(part, Math.min(synced, held));
        part.next = part.recorded = sameBoot ? clamp(part, Math.min(Math.max(written, synced), held)) : part.synced;
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // a record torn by a power loss, or of another version: start over
    }
  }

  private static String field(String line, String name, int index) {
    String[] fields = line.trim().split(" +");
    if (!fields[0].equals(name) || fields.length <= index) {
      throw new IllegalArgumentException("no " + name);
    }
    return fields[index];
  }

  private static long clamp(Part part, long mark) {
    return Math.max(part.start, Math.min(part.end + 1, mark));
  }

  List<Part> parts() {
    return parts;
  }

  long size() {
    return size;
  }

  /** Bytes the parts hold. */
  long done() {
    return parts.stream().mapToLong(part -> part.next - part.start).sum();
  }

  /**
   * The end of the bytes held from the start of the blob on, with no gap: what can be hashed.
   */
  long contiguous() {
    for (Part part : parts) {
      if (!part.complete()) {
        return part.next;
      }
    }
    return size;
  }

  /** Notes that a part's bytes up to {@code next} are written; recorded every megabyte and at the part's end. */
  void advance(Part part, long next) throws IOException {
    part.next = next;
    if (next - part.recorded >= RECORD_EVERY || part.complete()) {
      synchronized (this) {
        part.recorded = next;
        write(false);
      }
    }
  }

  /** A part that starts over from its beginning (a server that ignored the range asked). */
  synchronized void restart(Part part) throws IOException {
    part.next = part.recorded = part.synced = part.start;
    write(true);
  }

  /** The written marks of every part, to be recorded as synced once the data is synced. */
  long[] marks() {
    return parts.stream().mapToLong(part -> part.next).toArray();
  }

  /** Records marks taken before the data was synced as synced, and syncs the record. */
  synchronized void synced(long[] marks) throws IOException {
    for (Part part : parts) {
      part.synced = Math.max(part.synced, Math.min(marks[part.index], part.next));
    }
    write(true);
  }

  /** Records every part's mark now. */
  synchronized void record() throws IOException {
    parts.forEach(part -> part.recorded = part.next);
    write(false);
  }

  /** Writes the record at the file's start; returns its length. */
  private long write(boolean sync) throws IOException {
    StringBuilder text = new StringBuilder(64 + parts.size() * 90).append(HEADER).append('\n');
    pad(text.append("size "), size).append('\n');
    String boot = MachineBoot.current();
    text.append("boot ").append(boot).append(" ".repeat(Math.max(0, 64 - boot.length()))).append('\n');
    for (Part part : parts) {
      pad(pad(pad(pad(text.append("part "), part.start).append(' '), part.end).append(' '), part.recorded).append(' '),
          part.synced).append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    file.seek(0);
    file.write(bytes);
    if (sync) {
      file.getFD().sync();
    }
    return bytes.length;
  }

  /** A number right-aligned in 20 characters, so that the record keeps its length as numbers grow. */
  private static StringBuilder pad(StringBuilder text, long number) {
    String digits = Long.toString(number);
    for (int i = digits.length(); i < 20; i++) {
      text.append(' ');
    }
    return text.append(digits);
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
