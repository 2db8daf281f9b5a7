package dev.skiff.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.registry.site.SitePublisher;
import dev.skiff.spi.StaticFiles;
import dev.skiff.testing.StaticFilesContractTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The static-files contract against S3Mock, a real S3 server, with the type and caching each file is served with. */
class S3StaticFilesIT extends StaticFilesContractTest {
  URI location;

  @Override
  protected StaticFiles openStaticFiles() throws Exception {
    location = S3Harness.freshLocation();
    return S3Harness.openSite(location, S3MockServer.shared().endpoint(), files);
  }

  private String key(String path) {
    return location.getPath().substring(1) + "/" + path;
  }

  @Override
  protected Optional<byte[]> readBack(String path) throws Exception {
    try (S3Client s3 = S3Harness.reader(S3MockServer.shared().endpoint())) {
      return Optional.of(s3.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(key(path))).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  protected Optional<Map.Entry<String, String>> typeAndCaching(String path) throws Exception {
    try (S3Client s3 = S3Harness.reader(S3MockServer.shared().endpoint())) {
      HeadObjectResponse head = s3.headObject(r -> r.bucket(S3MockServer.BUCKET).key(key(path)));
      return Optional.of(Map.entry(head.contentType(), head.cacheControl()));
    }
  }

  @Test
  void aRenderedSiteIsPublishedWithJsonTypesAndOnlyChangesAreSentAgain() throws Exception {
    Path rendered = files.resolve("rendered");
    write(rendered, "_skiff/state.json", "{\"format\":1}");
    write(rendered, "index.html", "<!DOCTYPE html>");
    write(rendered, "lab/tool/index.html", "<!DOCTYPE html><h1>lab/tool</h1>");
    write(rendered, "lab/tool/manifests/latest/index.html", "{\"schemaVersion\":2}");
    write(rendered, "lab/tool/tags/index.json", "{\"name\":\"lab/tool\",\"tags\":[\"latest\"]}");
    assertThat(SitePublisher.publish(rendered, site)).isEqualTo(new SitePublisher.Published(5, 0, 0));
    assertThat(typeAndCaching("lab/tool/manifests/latest/index.html"))
        .contains(Map.entry("application/json", "public, max-age=60"));
    assertThat(typeAndCaching("lab/tool/index.html")).contains(Map.entry("text/html;charset=utf-8",
        "public, max-age=300"));

    assertThat(SitePublisher.publish(rendered, site)).isEqualTo(new SitePublisher.Published(0, 0, 5));
    write(rendered, "lab/tool/tags/index.json", "{\"name\":\"lab/tool\",\"tags\":[\"latest\",\"v2\"]}");
    Files.delete(rendered.resolve("lab/tool/manifests/latest/index.html"));
    assertThat(SitePublisher.publish(rendered, site)).isEqualTo(new SitePublisher.Published(1, 1, 3));
    assertThat(readBack("lab/tool/manifests/latest/index.html")).isEmpty();
    assertThat(readBack("lab/tool/tags/index.json")).contains(Files.readAllBytes(rendered.resolve(
        "lab/tool/tags/index.json")));
  }

  private static void write(Path root, String path, String content) throws Exception {
    Files.createDirectories(root.resolve(path).getParent());
    Files.writeString(root.resolve(path), content);
  }
}
