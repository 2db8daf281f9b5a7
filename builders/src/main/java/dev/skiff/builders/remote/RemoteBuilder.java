package dev.skiff.builders.remote;

import dev.skiff.model.Digest;
import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.Recipe;
import dev.skiff.spi.BuildRequest;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.BuildPolling;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds on a Sylabs-compatible remote build service: submits the recipe, relays the build's
 * output as log lines, polls its status with backoff until it ends (cancelling it at the deadline
 * or on interrupt), then downloads the image from the library with its sha256 checked.
 */
final class RemoteBuilder implements Builder {
  private static final Duration MAX_POLL = Duration.ofSeconds(10);
  private static final int TAIL = 3;

  private final RemoteBuildClient client;
  private final String refPattern;
  private final String arch;
  private final Duration timeout;

  RemoteBuilder(RemoteBuildClient client, String refPattern, String arch, Duration timeout) {
    this.client = client;
    this.refPattern = refPattern;
    this.arch = arch;
    this.timeout = timeout;
  }

  @Override
  public BuildResult build(BuildRequest request) throws SkiffException, IOException, InterruptedException {
    Recipe recipe = request.recipe();
    String libraryRef = refPattern.replace("{owner}", request.namespace().owner())
        .replace("{name}", request.namespace().name()).replace("{tag}", recipe.tag().value());
    Deque<String> tail = new ArrayDeque<>();
    BuildInfo build = client.submit(recipe.text(), libraryRef, arch);
    request.log().line("remote build " + build.id() + " submitted, pushing to " + libraryRef);
    CompletableFuture<Void> output = client.stream(build.id(), line -> {
      synchronized (tail) {
        tail.addLast(line);
        if (tail.size() > TAIL) {
          tail.removeFirst();
        }
      }
      request.log().line(line);
    });
    BuildInfo ended = awaitEnd(build, request);
    try {
      output.get(5, TimeUnit.SECONDS); // the last lines may trail the status
    } catch (TimeoutException | ExecutionException e) {
      // the output is a courtesy; the status decides
    }
    if (ended.imageSize() <= 0 || ended.imageChecksum() == null) {
      String last;
      synchronized (tail) {
        last = tail.isEmpty() ? "(no output)" : String.join(" | ", tail);
      }
      throw new SkiffException(recipe.path() + ": the remote build " + build.id() + " failed: " + last);
    }
    Digest digest = digest(ended.imageChecksum(), recipe);
    Path image = request.outputDir().resolve("image.sif");
    client.download(ended.libraryRef() != null ? ended.libraryRef() : libraryRef, arch, digest, image,
        request.progress());
    return new BuildResult.LocalImage(image);
  }

  private BuildInfo awaitEnd(BuildInfo build, BuildRequest request)
      throws SkiffException, IOException, InterruptedException {
    return BuildPolling.until(() -> client.status(build.id()), BuildInfo::isComplete, timeout, MAX_POLL,
        () -> client.cancel(build.id()),
        () -> new SkiffException(request.recipe().path() + ": the remote build " + build.id() + " did not finish within "
            + timeout + "; it was cancelled (raise builder.remote.timeout)"));
  }

  private static Digest digest(String checksum, Recipe recipe) throws SkiffException {
    try {
      return Digest.parse(checksum.replaceFirst("^sha256\\.", "sha256:"));
    } catch (InvalidReferenceException e) {
      throw new SkiffException(recipe.path() + ": the build service reported checksum '" + checksum
          + "', which is not a sha256");
    }
  }
}
