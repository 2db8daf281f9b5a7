package org.example.skiff;

import dev.skiff.model.Recipe;
import dev.skiff.sif.SifArch;
import dev.skiff.sif.SifWriter;
import dev.skiff.spi.BuildRequest;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.ProgressListener;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

/**
 * Builds {@code Bootstrap: squashfs} recipes: {@code From:} names a squashfs file in the
 * repository, or a URL on the lab's mirror; the image is that file system plus the recipe.
 */
final class SquashfsBuilder implements Builder {
  private static final byte[] SQUASHFS_MAGIC = {'h', 's', 'q', 's'};

  private final SifArch arch;
  private final Optional<String> token;

  SquashfsBuilder(SifArch arch, Optional<String> token) {
    this.arch = arch;
    this.token = token;
  }

  @Override
  public BuildResult build(BuildRequest request) throws SkiffException, IOException, InterruptedException {
    Recipe recipe = request.recipe();
    // Refuse what this builder cannot build with a message that names the file and the way out.
    if (!recipe.bootstrap().equals("squashfs")) {
      throw new SkiffException(recipe.path() + ": 'Bootstrap: " + recipe.bootstrap() + "' is not for the squashfs"
          + " builder; use builder 'singularity'");
    }
    String from = recipe.header("From").orElseThrow(() ->
        new SkiffException(recipe.path() + ": 'Bootstrap: squashfs' needs 'From:' with a squashfs file or URL"));
    Path rootfs = from.matches("https?://.*") ? download(URI.create(from), request) : local(recipe, from);
    byte[] magic = new byte[4];
    try (InputStream in = Files.newInputStream(rootfs)) {
      if (in.readNBytes(magic, 0, 4) != 4 || !Arrays.equals(magic, SQUASHFS_MAGIC)) {
        throw new SkiffException(recipe.path() + ": " + from + " is not a squashfs file system");
      }
    }
    Path image = request.outputDir().resolve("image.sif");
    SifWriter.create(Optional.of(request.sourceDate())).definition(recipe.text()).primaryPartition(rootfs, arch)
        .write(image);
    request.log().line("wrapped " + from + " (" + Files.size(rootfs) + " bytes) for " + arch.goName());
    return new BuildResult.LocalImage(image);
  }

  private static Path local(Recipe recipe, String from) throws SkiffException {
    Path file = recipe.folder().resolve(from).normalize();
    if (!file.startsWith(recipe.root()) || !Files.isRegularFile(file)) {
      throw new SkiffException(recipe.path() + ": From: " + from + " is not a file of the repository");
    }
    return file;
  }

  /**
   * Downloads a root file system, reporting progress and sending the token when one is set. The
   * build thread only waits for the transfer, so that interrupting it (a cancelled run) ends the
   * wait at once and cancels the transfer.
   */
  private Path download(URI url, BuildRequest request) throws SkiffException, IOException, InterruptedException {
    HttpRequest.Builder get = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10));
    token.ifPresent(t -> get.header("Authorization", "Bearer " + t));
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    Path file = request.outputDir().resolve("rootfs.sqfs");
    CompletableFuture<HttpResponse<Path>> transfer = client.sendAsync(get.build(), info -> info.statusCode() == 200
        ? new Counting(HttpResponse.BodySubscribers.ofFile(file), info.headers().firstValueAsLong("Content-Length")
            .orElse(-1), request.progress())
        : HttpResponse.BodySubscribers.replacing(file));
    HttpResponse<Path> response;
    try {
      response = transfer.get();
    } catch (InterruptedException e) {
      transfer.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    if (response.statusCode() != 200) {
      // Never put the token in a message: name the URL and the status only.
      throw new SkiffException(request.recipe().path() + ": downloading " + url + " answered " + response.statusCode()
          + (response.statusCode() == 401 || response.statusCode() == 403 ? " (check SKIFF_BUILDER_SQUASHFS_TOKEN)" : ""));
    }
    request.log().line("downloaded " + url);
    return file;
  }

  /** Writes a body as it arrives and tells how far it came. */
  private static final class Counting implements HttpResponse.BodySubscriber<Path> {
    private final HttpResponse.BodySubscriber<Path> file;
    private final long total;
    private final ProgressListener progress;
    private long done;

    Counting(HttpResponse.BodySubscriber<Path> file, long total, ProgressListener progress) {
      this.file = file;
      this.total = total;
      this.progress = progress;
    }

    @Override
    public CompletionStage<Path> getBody() {
      return file.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      file.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      done += buffers.stream().mapToLong(ByteBuffer::remaining).sum();
      file.onNext(buffers);
      progress.progress(done, total);
    }

    @Override
    public void onError(Throwable error) {
      file.onError(error);
    }

    @Override
    public void onComplete() {
      file.onComplete();
    }
  }
}
