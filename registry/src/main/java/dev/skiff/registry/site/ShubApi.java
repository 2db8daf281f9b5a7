package dev.skiff.registry.site;

import dev.skiff.model.Namespace;
import dev.skiff.registry.ManifestPage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The files that answer the Singularity Hub client of Apptainer and SingularityCE
 * ({@code apptainer pull shub://SITE/OWNER/NAME:TAG}): {@code api/container/OWNER/NAME:TAG} for pulls
 * by tag, {@code api/container/OWNER/NAME@COMMIT} for pulls by commit, and
 * {@code api/container/OWNER/NAME:TAG@COMMIT}, which the client also accepts. The client takes
 * {@code image} (where to download) and {@code commit} (its cache key, 40 hex digits). The commit
 * is the image's sha256 cut to 40 digits, so that the key changes whenever the image does.
 */
final class ShubApi {
  static final String FOLDER = "api/container/";
  // What the client accepts; namespaces and tags outside these cannot be pulled over shub://.
  private static final Pattern USER = Pattern.compile("[-a-zA-Z0-9]{1,39}");
  private static final Pattern CONTAINER = Pattern.compile("[-_.a-zA-Z0-9]{1,64}");
  private static final Pattern TAG = Pattern.compile("[-_.a-zA-Z0-9]{1,64}");

  private ShubApi() {}

  /** The answer for one tag, or empty when the client could not ask for it or download it. */
  static Optional<byte[]> answer(Namespace namespace, String tag, ManifestPage.Fields fields) {
    if (!USER.matcher(namespace.owner()).matches() || !CONTAINER.matcher(namespace.name()).matches()
        || !TAG.matcher(tag).matches() || NamespaceRenderer.web(fields.url()).isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("name", namespace.toString());
    answer.put("tag", tag);
    answer.put("image", NamespaceRenderer.web(fields.url()).get());
    answer.put("commit", commit(fields));
    answer.put("version", fields.digest().toString());
    return Optional.of(ApiJson.bytes(answer));
  }

  static String byTag(Namespace namespace, String tag) {
    return FOLDER + namespace + ":" + tag;
  }

  static String byCommit(Namespace namespace, ManifestPage.Fields fields) {
    return FOLDER + namespace + "@" + commit(fields);
  }

  static String byTagAndCommit(Namespace namespace, String tag, ManifestPage.Fields fields) {
    return FOLDER + namespace + ":" + tag + "@" + commit(fields);
  }

  private static String commit(ManifestPage.Fields fields) {
    return fields.digest().hex().substring(0, 40);
  }

  /** Whether a file of {@code api/container/OWNER/} belongs to the namespace {@code OWNER/name}. */
  static boolean belongsTo(String fileName, String name) {
    return fileName.startsWith(name + ":") || fileName.startsWith(name + "@");
  }
}
