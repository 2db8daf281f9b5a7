package dev.skiff.registry.pull;

import dev.skiff.model.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Takes the sha256 of a download's file while the download runs: a thread of its own reads the
 * file as its gap-free prefix grows (the first part at once, later parts when the ones before them
 * are whole), so that the digest is ready when the last byte lands, with no second read of the
 * whole file after it, and it is the digest of the very bytes that go into the cache.
 */
final class PrefixHasher implements AutoCloseable {
  private static final int CHUNK = 1 << 20;

  private final FileChannel file;
  private final DownloadProgress progress;
  private final MessageDigest sha256 = Digest.newSha256();
  private final Object lock = new Object();
  private final Thread thread;
  private long hashed;
  private int epoch;
  private int hashedEpoch;
  private boolean stopped;
  private IOException failure;

  PrefixHasher(Path data, DownloadProgress progress) throws IOException {
    this.file = FileChannel.open(data, StandardOpenOption.READ);
    this.progress = progress;
    this.thread = new Thread(this::run, "skiff-pull-hash");
    thread.setDaemon(true);
    thread.start();
  }

  /** Called when bytes have landed: the prefix may have grown. */
  void landed() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /** The download starts over from byte 0 (a server that ignored a range): so does the hash. */
  void restart() {
    synchronized (lock) {
      epoch++;
      lock.notifyAll();
    }
  }

  /** The digest once every byte is hashed; waits for the hashing to catch up. */
  Digest finish() throws IOException, InterruptedException {
    synchronized (lock) {
      while (failure == null && !(hashedEpoch == epoch && hashed == progress.size())) {
        lock.wait();
      }
      if (failure != null) {
        throw failure;
      }
      return Digest.of(sha256.digest());
    }
  }

  private void run() {
    byte[] chunk = new byte[CHUNK];
    ByteBuffer buffer = ByteBuffer.wrap(chunk);
    try {
      while (true) {
        long from;
        long until;
        synchronized (lock) {
          while (true) {
            if (stopped) {
              return;
            }
            if (hashedEpoch != epoch) {
              sha256.reset();
              hashed = 0;
              hashedEpoch = epoch;
            }
            if (hashed == progress.size()) {
              lock.notifyAll(); // finish() may be waiting
            } else if (progress.contiguous() > hashed) {
              break;
            }
            lock.wait();
          }
          from = hashed;
          until = Math.min(progress.contiguous(), from + CHUNK);
        }
        buffer.clear().limit((int) (until - from));
        while (buffer.hasRemaining()) {
          if (file.read(buffer, from + buffer.position()) < 0) {
            throw new IOException("the download's file ended at " + (from + buffer.position()) + " bytes");
          }
        }
        // Outside the lock, so that the downloads saying bytes landed never wait for the hash;
        // bytes of an epoch that ended in the meantime are dropped with the reset above.
        sha256.update(chunk, 0, buffer.limit());
        synchronized (lock) {
          if (hashedEpoch == epoch) {
            hashed = until;
          }
        }
      }
    } catch (IOException e) {
      synchronized (lock) {
        failure = e;
        lock.notifyAll();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (lock) {
      stopped = true;
      lock.notifyAll();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      file.close();
    }
  }
}
