package dev.skiff.registry.pull;

import dev.skiff.model.Digest;
import dev.skiff.spi.ProgressListener;
import dev.skiff.spi.SkiffException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One download of a blob into its slot: one part, or several side by side, each written at its
 * place and continued from where it stopped when cut off. The progress is recorded as bytes land
 * (see {@link DownloadProgress}), a second thread syncs the bytes to disk every ten seconds so that
 * a power loss keeps what was synced, and the sha256 is taken as the gap-free prefix grows (see
 * {@link PrefixHasher}). An interrupt stops every part at once: no request is sent after it.
 */
final class BlobFetch {
  /**
   * How often the bytes written are synced to disk and recorded as such: what a power loss may cost
   * a pull. Not more often: a sync writes out every dirty page of the file, and competes with the
   * download for the disk (a 1 GiB pull on loopback ends before the first).
   */
  private static final Duration SYNC_EVERY = Duration.ofSeconds(10);
  /** How long the parts get to notice an interrupt before the download gives up on them. */
  private static final Duration STOP_WITHIN = Duration.ofSeconds(10);

  /** Where a part's bytes come from. */
  @FunctionalInterface
  interface Source {
    /**
     * The blob's bytes from {@code from}, up to {@code last} inclusive, or to the end when
     * {@code last} is negative.
     *
     * @param abort told, before anything blocks, what cuts the request and its body off: a read
     *     from a socket does not end on an interrupt
     */
    Opened open(long from, long last, Consumer<Closeable> abort)
        throws SkiffException, IOException, InterruptedException;
  }

  /** A body: {@code continues} when it starts at the offset asked, false when it is the whole blob from 0. */
  record Opened(InputStream body, boolean continues) {}

  /** What a download did: the sha256 of the bytes in its file, and how many it fetched. */
  record Outcome(Digest digest, long fetched) {}

  /** A download that ended before its last byte; {@code kept} bytes are in its slot. */
  static final class Stopped extends Exception {
    final long kept;

    Stopped(long kept, Exception cause) {
      super(cause);
      this.kept = kept;
    }
  }

  private final DownloadSlot slot;
  private final long size;
  private final long chunk;
  private final int connections;
  private final Source source;
  private final int attempts;
  private final ProgressListener listener;
  private final AtomicLong fetched = new AtomicLong();
  /** What cuts off the requests under way, for a stop. */
  private final Set<Closeable> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;
  private final AtomicLong done = new AtomicLong();

  /**
   * @param chunk the size of each part but the last; the blob's size for one stream without ranges
   * @param connections how many parts are fetched at once, in order, so that the gap-free prefix
   *     (and with it the hash) grows about as fast as the bytes arrive
   */
  BlobFetch(DownloadSlot slot, long size, long chunk, int connections, Source source, int attempts,
      ProgressListener listener) {
    this.slot = slot;
    this.size = size;
    this.chunk = chunk;
    this.connections = connections;
    this.source = source;
    this.attempts = attempts;
    this.listener = listener;
  }

  /**
   * Fetches what the slot lacks and hashes the whole.
   *
   * @throws Stopped when a part still fails after its attempts, or the download was interrupted
   *     (the cause is then an {@link InterruptedException}); what arrived stays in the slot
   * @throws SkiffException when the source refused the blob
   */
  Outcome run() throws Stopped, SkiffException, IOException {
    if (!Files.exists(slot.data())) {
      Files.createFile(slot.data());
    }
    try (DownloadProgress progress = DownloadProgress.open(slot.progress(), size, chunk, Files.size(slot.data()));
        PrefixHasher hasher = new PrefixHasher(slot.data(), progress);
        Syncer syncer = new Syncer(progress)) {
      done.set(progress.done());
      List<DownloadProgress.Part> open = progress.parts().stream().filter(part -> !part.complete()).toList();
      ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, Math.min(connections, open.size())), runnable -> {
        Thread thread = new Thread(runnable, "skiff-pull");
        thread.setDaemon(true);
        return thread;
      });
      try {
        // Parts are taken in order; the first to fail stops the others.
        CompletionService<Void> parts = new ExecutorCompletionService<>(workers);
        for (DownloadProgress.Part part : open) {
          parts.submit(() -> {
            fetch(part, progress, hasher);
            return null;
          });
        }
        for (int finished = 0; finished < open.size(); finished++) {
          parts.take().get();
        }
        return new Outcome(hasher.finish(), fetched.get());
      } catch (InterruptedException e) {
        throw stop(workers, progress, e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SkiffException refused) {
          stop(workers, progress, refused);
          throw refused;
        }
        throw stop(workers, progress, cause instanceof Exception failure ? failure : new IOException(cause));
      } finally {
        workers.shutdownNow();
      }
    }
  }

  /** Stops every part, records what arrived, and says how much that is. */
  private Stopped stop(ExecutorService workers, DownloadProgress progress, Exception cause) throws IOException {
    stopping = true;
    workers.shutdownNow();
    for (Closeable request : inFlight) {
      try {
        request.close();
      } catch (IOException e) {
        // cutting off is the point
      }
    }
    try {
      workers.awaitTermination(STOP_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    progress.record();
    return new Stopped(progress.done(), cause);
  }

  private void fetch(DownloadProgress.Part part, DownloadProgress progress, PrefixHasher hasher)
      throws SkiffException, IOException, InterruptedException {
    IOException last = null;
    byte[] buffer = new byte[1 << 16];
    // Not a FileChannel: an interrupt closes a channel for every thread that shares it, and the
    // interrupt that stops this part must not take the file from the record of what arrived.
    try (RandomAccessFile file = new RandomAccessFile(slot.data().toFile(), "rw")) {
      for (int attempt = 1; attempt <= attempts && !part.complete(); attempt++) {
        if (stopping || Thread.interrupted()) {
          throw new InterruptedException();
        }
        Opened opened;
        List<Closeable> aborts = new ArrayList<>();
        try {
          opened = source.open(part.next(), ranged() ? part.end : -1, abort -> {
            aborts.add(abort);
            inFlight.add(abort);
          });
        } catch (IOException e) {
          inFlight.removeAll(aborts);
          stoppedBy(e);
          last = e;
          continue;
        }
        if (!opened.continues() && part.next() > part.start) {
          if (ranged()) {
            opened.body().close();
            throw new IOException("the server answered a range it had served before with the whole blob");
          }
          progress.restart(part); // the whole blob again, from its first byte
          hasher.restart();
          done.set(0);
        }
        try {
          last = copy(opened.body(), part, file, buffer, progress, hasher);
        } finally {
          inFlight.removeAll(aborts);
        }
      }
    }
    if (!part.complete()) {
      throw last != null ? last : new IOException("the answer ended at byte " + part.next() + " of " + size);
    }
  }

  /**
   * Writes a body's bytes at their place until the part is whole or the body ends or fails.
   * Failing to write is this machine's trouble and ends the download; a read cut off is the
   * network's, and is returned to be tried again.
   */
  private IOException copy(InputStream body, DownloadProgress.Part part, RandomAccessFile file, byte[] buffer,
      DownloadProgress progress, PrefixHasher hasher) throws SkiffException, IOException, InterruptedException {
    try (body) {
      long next = part.next();
      while (next <= part.end) {
        int n;
        try {
          n = body.read(buffer, 0, (int) Math.min(buffer.length, part.end - next + 1));
        } catch (IOException e) {
          stoppedBy(e);
          return e;
        }
        if (n <= 0) {
          return new IOException("the answer ended at byte " + next + " of " + size);
        }
        file.seek(next);
        file.write(buffer, 0, n);
        next += n;
        progress.advance(part, next);
        hasher.landed();
        fetched.addAndGet(n);
        listener.progress(done.addAndGet(n), size);
      }
      if (!ranged() && readsMore(body)) {
        throw new SkiffException("sent more than the recorded " + size + " bytes");
      }
      return null;
    }
  }

  /** Whether the blob comes as ranges; else as one stream, from where it stopped when the server allows. */
  private boolean ranged() {
    return chunk < size;
  }

  private static boolean readsMore(InputStream body) {
    try {
      return body.read() >= 0;
    } catch (IOException e) {
      return false; // cut off after the recorded bytes: they are all there
    }
  }

  /** An I/O failure that is a stop (a read or a request cut off by it) ends the part at once. */
  private void stoppedBy(IOException e) throws InterruptedException {
    if (stopping || Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
      throw interrupted(e);
    }
  }

  private static InterruptedException interrupted(Exception e) {
    InterruptedException interrupted = new InterruptedException("interrupted");
    interrupted.initCause(e);
    return interrupted;
  }

  /** Syncs the written bytes to disk every ten seconds, then records them as synced. */
  private final class Syncer implements AutoCloseable {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    Syncer(DownloadProgress progress) throws IOException {
      // A file of its own, closed by this thread when it ends: a sync under way is not waited for.
      RandomAccessFile file = new RandomAccessFile(slot.data().toFile(), "rw");
      this.thread = new Thread(() -> {
        try (file) {
          while (!stop.await(SYNC_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
            long[] marks = progress.marks();
            file.getFD().sync();
            progress.synced(marks);
          }
        } catch (InterruptedException | IOException e) {
          // the download goes on; what it wrote stays recorded as written, not synced
        }
      }, "skiff-pull-sync");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() {
      stop.countDown();
    }
  }
}
