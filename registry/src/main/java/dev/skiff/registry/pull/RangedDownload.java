package dev.skiff.registry.pull;

import dev.skiff.spi.ProgressListener;
import dev.skiff.support.BoundedWorkers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A large blob fetched as several ranges side by side, each written at its place in the file. A
 * part cut off continues from where it stopped; what each part has is kept beside the file
 * ({@code .ranges}), so that a pull run again continues every part instead of starting over.
 */
final class RangedDownload {
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  private final HttpClient http;
  private final URI url;
  private final long size;
  private final Path file;
  private final Path state;
  private final Duration patience;

  /** One range, from {@code start} to {@code end} inclusive, done up to {@code next}. */
  private static final class Part {
    final long start;
    final long end;
    volatile long next;

    Part(long start, long end, long next) {
      this.start = start;
      this.end = end;
      this.next = next;
    }
  }

  RangedDownload(HttpClient http, URI url, long size, Path file, Duration patience) {
    this.patience = patience;
    this.http = http;
    this.url = url;
    this.size = size;
    this.file = file;
    this.state = file.resolveSibling(file.getFileName() + ".ranges");
  }

  /** Whether the server answers a range of this blob with 206 and the blob's whole size. */
  static boolean supported(HttpClient http, URI url, long size) throws InterruptedException {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Range", "bytes=0-0")
          .GET().build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 206 && response.headers().firstValue("Content-Range")
          .filter(range -> range.equals("bytes 0-0/" + size)).isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Fetches every part, each tried {@code attempts} times from where it stopped.
   *
   * @return the bytes fetched by this call
   * @throws IOException when a part still fails; what arrived is kept for the next pull
   */
  long fetch(int partCount, int attempts, ProgressListener progress) throws IOException, InterruptedException {
    List<Part> parts = load(partCount);
    AtomicLong done = new AtomicLong(parts.stream().mapToLong(p -> p.next - p.start).sum());
    AtomicLong fetched = new AtomicLong();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      BoundedWorkers.map(parts, parts.size(), "skiff-pull", part -> {
        try {
          fetchPart(channel, part, attempts, done, fetched, progress);
          return part;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      save(parts);
    }
    Files.deleteIfExists(state);
    return fetched.get();
  }

  private void fetchPart(FileChannel channel, Part part, int attempts, AtomicLong done, AtomicLong fetched,
      ProgressListener progress) throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 1; attempt <= attempts && part.next <= part.end; attempt++) {
      HttpResponse<InputStream> response;
      try {
        response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
            .header("Range", "bytes=" + part.next + "-" + part.end).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        last = e;
        continue;
      }
      String expected = "bytes " + part.next + "-";
      if (response.statusCode() != 206 || response.headers().firstValue("Content-Range")
          .filter(range -> range.startsWith(expected)).isEmpty()) {
        response.body().close();
        throw new IOException(url + " answered " + response.statusCode() + " to a range it had served before");
      }
      try (InputStream body = StallGuard.watch(response.body(), patience)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; part.next <= part.end && (n = body.read(buffer, 0, (int) Math.min(buffer.length,
            part.end - part.next + 1))) > 0; ) {
          ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
          while (bytes.hasRemaining()) {
            channel.write(bytes, part.next + bytes.position());
          }
          part.next += n;
          fetched.addAndGet(n);
          progress.progress(done.addAndGet(n), size);
        }
      } catch (IOException e) {
        last = e; // cut off: the next attempt asks for the rest of this part
      }
    }
    if (part.next <= part.end) {
      throw last != null ? last : new IOException(url + " ended the range " + part.start + "-" + part.end + " early");
    }
  }

  /** The parts as a previous pull left them, when it split this blob the same way; else fresh ones. */
  private List<Part> load(int partCount) throws IOException {
    long step = (size + partCount - 1) / partCount;
    List<Part> parts = new ArrayList<>();
    for (long start = 0; start < size; start += step) {
      parts.add(new Part(start, Math.min(size, start + step) - 1, start));
    }
    if (Files.isRegularFile(state) && Files.isRegularFile(file)) {
      List<String> lines = Files.readAllLines(state, StandardCharsets.US_ASCII);
      if (lines.size() == parts.size()) {
        for (int i = 0; i < parts.size(); i++) {
          String[] fields = lines.get(i).split(" ");
          Part part = parts.get(i);
          if (fields.length == 3 && Long.parseLong(fields[0]) == part.start && Long.parseLong(fields[1]) == part.end) {
            part.next = Math.max(part.start, Math.min(part.end + 1, Long.parseLong(fields[2])));
          }
        }
        return parts;
      }
    }
    Files.deleteIfExists(file);
    return parts;
  }

  private void save(List<Part> parts) throws IOException {
    StringBuilder text = new StringBuilder();
    for (Part part : parts) {
      text.append(part.start).append(' ').append(part.end).append(' ').append(part.next).append('\n');
    }
    Path partial = state.resolveSibling(state.getFileName() + ".tmp");
    Files.writeString(partial, text, StandardCharsets.US_ASCII);
    Files.move(partial, state, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
