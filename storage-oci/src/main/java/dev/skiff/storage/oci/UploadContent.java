package dev.skiff.storage.oci;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The bytes of an upload, read from any offset as often as a request asks (an upload tried again
 * reads them again): a file's, or a few in memory. They go out in blocks of a MiB: the JDK's file and
 * stream publishers read a few KiB at a time, which made a large push a third slower.
 */
abstract class UploadContent {
  private static final int BLOCK = 1 << 20;

  /** The bytes from {@code from}, {@code length} of them; the file must hold them. */
  abstract InputStream open(long from, long length) throws IOException;

  static UploadContent of(Path file) {
    return new UploadContent() {
      @Override
      InputStream open(long from, long length) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(from);
        return new Bounded(Channels.newInputStream(channel), length, file + " ended before its " + (from + length)
            + " bytes");
      }
    };
  }

  static UploadContent of(byte[] bytes) {
    return new UploadContent() {
      @Override
      InputStream open(long from, long length) {
        return new ByteArrayInputStream(bytes, (int) from, (int) length);
      }
    };
  }

  /**
   * Writes the bytes from {@code from}, {@code length} of them, to a request's body, stopping at an
   * interrupt between blocks: a write to a socket does not end on one.
   */
  void writeTo(OutputStream out, long from, long length) throws IOException {
    byte[] block = new byte[(int) Math.min(BLOCK, Math.max(length, 1))];
    try (InputStream in = open(from, length)) {
      for (int n = in.readNBytes(block, 0, block.length); n > 0; n = in.readNBytes(block, 0, block.length)) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("interrupted");
        }
        out.write(block, 0, n);
      }
    }
  }

  /** The bytes from {@code from}, {@code length} of them, as a body for the JDK's client. */
  HttpRequest.BodyPublisher publisher(long from, long length) {
    Iterable<byte[]> blocks = () -> new Iterator<>() {
      private long sent;
      private InputStream in;

      @Override
      public boolean hasNext() {
        if (sent < length) {
          return true;
        }
        close();
        return false;
      }

      @Override
      public byte[] next() {
        if (sent >= length) {
          throw new NoSuchElementException();
        }
        try {
          if (in == null) {
            in = open(from, length);
          }
          byte[] block = in.readNBytes((int) Math.min(BLOCK, length - sent));
          sent += block.length;
          return block;
        } catch (IOException e) {
          close();
          throw new UncheckedIOException(e);
        }
      }

      private void close() {
        try {
          if (in != null) {
            in.close();
          }
        } catch (IOException e) {
          // Read to the end; nothing is lost.
        }
      }
    };
    return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArrays(blocks), length);
  }

  /** A stream that gives exactly {@code length} bytes, and says so when its source ends sooner. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private final String shortMessage;
    private long left;

    Bounded(InputStream in, long length, String shortMessage) {
      this.in = in;
      this.left = length;
      this.shortMessage = shortMessage;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, left));
      if (n < 0) {
        throw new IOException(shortMessage);
      }
      left -= n;
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
