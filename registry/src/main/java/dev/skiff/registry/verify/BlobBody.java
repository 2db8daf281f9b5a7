package dev.skiff.registry.verify;

import dev.skiff.model.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A blob's body read as it arrives: its first bytes, exactly as many as asked whatever pieces the
 * network cuts them into, and its sha256; and no more than the manifest's size, since a server may
 * send without end. Once the body outgrows the size the download is cancelled. Where the image
 * itself is needed (to check its signatures), the body is also written to a file as it arrives.
 */
final class BlobBody implements HttpResponse.BodySubscriber<BlobBody.Read> {
  /**
   * What was read.
   *
   * @param header the body's first bytes (fewer only when the body is shorter)
   * @param digest the sha256 of the whole body; empty when it outgrew the size and was cut off
   */
  record Read(byte[] header, Optional<Digest> digest) {}

  private final int headerSize;
  private final long maxSize;
  private final ByteArrayOutputStream header = new ByteArrayOutputStream();
  private final MessageDigest sha256 = Digest.newSha256();
  private final CompletableFuture<Read> result = new CompletableFuture<>();
  private final Optional<WritableByteChannel> copy;
  private long received;
  private volatile Flow.Subscription subscription;

  /** @param copy where the body is written as it arrives, when the caller needs the blob itself */
  BlobBody(int headerSize, long maxSize, Optional<WritableByteChannel> copy) {
    this.headerSize = headerSize;
    this.maxSize = maxSize;
    this.copy = copy;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      int wanted = Math.min(buffer.remaining(), headerSize - header.size());
      if (wanted > 0) {
        byte[] start = new byte[wanted];
        buffer.duplicate().get(start);
        header.writeBytes(start);
      }
      received += buffer.remaining();
      if (received > maxSize) {
        subscription.cancel();
        result.complete(new Read(header.toByteArray(), Optional.empty()));
        return;
      }
      if (copy.isPresent()) {
        try {
          ByteBuffer bytes = buffer.duplicate();
          while (bytes.hasRemaining()) {
            copy.get().write(bytes);
          }
        } catch (IOException e) {
          subscription.cancel();
          result.completeExceptionally(e);
          return;
        }
      }
      sha256.update(buffer);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable failure) {
    result.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    result.complete(new Read(header.toByteArray(), Optional.of(Digest.of(sha256.digest()))));
  }

  @Override
  public CompletionStage<Read> getBody() {
    return result;
  }

  /** Stops the download, when its deadline has passed. */
  void cancel() {
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
  }
}
