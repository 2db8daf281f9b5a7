package dev.skiff.registry.pull;

import dev.skiff.model.Digest;
import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.InertText;
import dev.skiff.support.UrlCredentials;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code skiff pull} is asked for: {@code [SITE/]OWNER/NAME[:TAG|@sha256:HEX]}. SITE is the
 * site's address without a scheme ({@code myorg.github.io/registry}, meaning https) or a URL with
 * one; without it, the site given apart ({@code --site}, {@code SKIFF_SITE}) is used.
 *
 * @param site the site's base URL, with a trailing slash
 * @param tag the tag; {@code latest} when neither a tag nor a digest is given
 */
public record PullReference(URI site, Namespace namespace, Optional<Tag> tag, Optional<Digest> digest) {

  /** Where the site comes from for a reference that names none; asked only then. */
  @FunctionalInterface
  public interface DefaultSite {
    /** The site, when one is set. */
    Optional<String> get() throws SkiffException;
  }

  /**
   * @param defaultSite the site for references that name none
   * @throws SkiffException for a reference that does not parse, or no site at all
   */
  public static PullReference parse(String reference, Optional<String> defaultSite) throws SkiffException {
    return parse(reference, () -> defaultSite);
  }

  /**
   * @param defaultSite the site for references that name none, looked up only for those (the
   *     settings of a run take a moment to read)
   * @throws SkiffException for a reference that does not parse, or no site at all
   */
  public static PullReference parse(String reference, DefaultSite defaultSite) throws SkiffException {
    String text = reference.strip();
    String stripped = UrlCredentials.strip(text);
    // Quoted in messages: one line, whatever the reference holds.
    String shown = InertText.of(stripped);
    if (!stripped.equals(text)) {
      // A password in a reference would end up in shell histories and CI logs; credentials come from the environment.
      throw new SkiffException("'" + shown + "': a reference carries no user or password; skiff pull reads private"
          + " buckets with the environment's credentials");
    }
    Optional<Digest> digest = Optional.empty();
    int at = text.lastIndexOf('@');
    try {
      if (at >= 0) {
        digest = Optional.of(Digest.parse(text.substring(at + 1)));
        text = text.substring(0, at);
      }
      String scheme = "";
      int schemeEnd = text.indexOf("://");
      if (schemeEnd >= 0) {
        scheme = text.substring(0, schemeEnd + 3);
        text = text.substring(schemeEnd + 3);
      }
      String[] parts = text.split("/", -1);
      if (parts.length < 2) {
        throw new InvalidReferenceException("expected [SITE/]OWNER/NAME[:TAG|@sha256:HEX]");
      }
      String last = parts[parts.length - 1];
      Optional<Tag> tag = Optional.empty();
      int colon = last.indexOf(':');
      if (colon >= 0) {
        tag = Optional.of(Tag.of(last.substring(colon + 1)));
        last = last.substring(0, colon);
      }
      if (tag.isPresent() && digest.isPresent()) {
        throw new InvalidReferenceException("give a tag or a digest, not both");
      }
      Namespace namespace = new Namespace(parts[parts.length - 2], last);
      String sitePart = String.join("/", Arrays.copyOf(parts, parts.length - 2));
      String site = sitePart.isEmpty() ? defaultSite.get().orElseThrow(() -> new InvalidReferenceException(
          "no site: write SITE/OWNER/NAME, or give --site (or SKIFF_SITE)")) : (scheme.isEmpty() ? "https://" : scheme)
          + sitePart;
      if (digest.isEmpty() && tag.isEmpty()) {
        tag = Optional.of(Tag.LATEST);
      }
      return new PullReference(siteUrl(site), namespace, tag, digest);
    } catch (InvalidReferenceException e) {
      // The site given apart (--site, SKIFF_SITE, site:) is quoted too: without its credentials.
      throw new SkiffException("'" + shown + "': " + InertText.of(UrlCredentials.strip(e.getMessage())));
    }
  }

  private static URI siteUrl(String text) {
    String withScheme = text.contains("://") ? text : "https://" + text;
    URI url;
    try {
      url = URI.create(withScheme.endsWith("/") ? withScheme : withScheme + "/");
    } catch (IllegalArgumentException e) {
      throw new InvalidReferenceException("site '" + text + "' is not an address");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null || url.getQuery() != null
        || url.getUserInfo() != null) {
      throw new InvalidReferenceException("site '" + text + "' is not an http(s) address");
    }
    return url;
  }

  /** The reference as people write it: {@code lab/tool:latest} or {@code lab/tool@sha256:...}. */
  public String shortName() {
    return namespace + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }
}
