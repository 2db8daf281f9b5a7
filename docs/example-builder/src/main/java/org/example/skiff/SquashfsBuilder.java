package org.example.skiff;

import dev.skiff.model.Recipe;
import dev.skiff.sif.SifArch;
import dev.skiff.sif.SifWriter;
import dev.skiff.spi.BuildRequest;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

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

  /** Downloads a root file system, reporting progress and sending the token when one is set. */
  private Path download(URI url, BuildRequest request) throws SkiffException, IOException, InterruptedException {
    HttpRequest.Builder get = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10));
    token.ifPresent(t -> get.header("Authorization", "Bearer " + t));
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpResponse<InputStream> response = client.send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      response.body().close();
      // Never put the token in a message: name the URL and the status only.
      throw new SkiffException(request.recipe().path() + ": downloading " + url + " answered " + response.statusCode()
          + (response.statusCode() == 401 || response.statusCode() == 403 ? " (check SKIFF_BUILDER_SQUASHFS_TOKEN)" : ""));
    }
    long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    Path file = request.outputDir().resolve("rootfs.sqfs");
    try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      long done = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        done += n;
        request.progress().progress(done, total);
      }
    }
    request.log().line("downloaded " + url);
    return file;
  }
}
