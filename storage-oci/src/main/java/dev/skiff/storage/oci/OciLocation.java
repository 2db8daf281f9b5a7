package dev.skiff.storage.oci;

import dev.skiff.model.Namespace;
import dev.skiff.spi.ConfigurationException;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where {@code oci://HOST[:PORT]/PREFIX} stores images: the registry's address, and for each
 * namespace the repository {@code PREFIX/OWNER/NAME}, lower-cased as OCI repository names must be.
 *
 * @param registry {@code HOST[:PORT]}
 * @param prefix the repositories' prefix, without slashes at either end; may be empty
 * @param scheme {@code https}, or {@code http} where the settings allow plain http
 */
record OciLocation(String registry, String prefix, String scheme) {
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

  static OciLocation parse(URI uri, boolean plainHttp, String setting) throws ConfigurationException {
    if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getUserInfo() != null) {
      throw ConfigurationException.of(setting, "storage '" + uri + "': write oci://HOST[:PORT]/PREFIX, such as"
          + " oci://ghcr.io/myorg (credentials come from SKIFF_OCI_USERNAME and SKIFF_OCI_PASSWORD, never the URI)");
    }
    String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
    for (String component : prefix.isEmpty() ? new String[0] : prefix.split("/")) {
      if (!COMPONENT.matcher(component).matches()) {
        throw ConfigurationException.of(setting, "storage '" + uri + "': '" + component + "' is not a valid OCI"
            + " repository name component (lower-case letters, digits, and . _ - between them)");
      }
    }
    String registry = uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    return new OciLocation(registry, prefix, plainHttp ? "http" : "https");
  }

  /** The repository of a namespace's images. */
  String repository(Namespace namespace) throws ConfigurationException {
    String owner = namespace.owner().toLowerCase(Locale.ROOT);
    String name = namespace.name().toLowerCase(Locale.ROOT);
    if (!COMPONENT.matcher(owner).matches() || !COMPONENT.matcher(name).matches()) {
      throw ConfigurationException.of(null, "namespace " + namespace + " is no OCI repository name (lower-case"
          + " letters, digits, and . _ - between them): oci:// storage cannot hold its images");
    }
    return (prefix.isEmpty() ? "" : prefix + "/") + owner + "/" + name;
  }

  /** The registry's base, {@code https://HOST[:PORT]/v2/}. */
  URI api() {
    return URI.create(scheme + "://" + registry + "/v2/");
  }

  @Override
  public String toString() {
    return "oci://" + registry + (prefix.isEmpty() ? "" : "/" + prefix);
  }
}
