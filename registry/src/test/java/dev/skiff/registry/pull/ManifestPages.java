package dev.skiff.registry.pull;

import dev.skiff.model.Digest;

/** Manifest pages for pull tests: one image, its size and digest, and where its blob is served. */
public final class ManifestPages {
  private ManifestPages() {}

  /** The page of an image whose blob is served at {@code url}. */
  public static String of(byte[] image, String url) {
    return claiming(Digest.sha256(image), image.length, url);
  }

  /** A page that records this digest and size for the blob at {@code url}, whatever it serves. */
  public static String claiming(Digest digest, long size, String url) {
    return "---\nlayout: manifests/singularity\nsize: " + size + "\ndigest: " + digest + "\nlayers:\n- size: " + size
        + "\n  digest: " + digest + "\n  url: \"" + url + "\"\n---\n";
  }
}
