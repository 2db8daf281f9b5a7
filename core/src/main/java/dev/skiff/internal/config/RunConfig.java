package dev.skiff.internal.config;

import dev.skiff.internal.discovery.TagPattern;
import dev.skiff.internal.incremental.RebuildPolicy;
import dev.skiff.internal.shard.Shard;
import dev.skiff.internal.source.CiEnvironment;
import dev.skiff.internal.source.GitCheckout;
import dev.skiff.model.InvalidReferenceException;
import dev.skiff.model.Namespace;
import dev.skiff.model.SourceInfo;
import dev.skiff.signing.SigningException;
import dev.skiff.signing.SigningKey;
import dev.skiff.spi.ConfigurationException;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything a run needs to know, resolved once before it starts.
 *
 * @param source the source repository's folder
 * @param namespace the namespace of the images
 * @param builder the builder's name
 * @param storage where images are stored
 * @param publisher the publisher's name
 * @param registry the registry as given (a path or URL); empty: nothing is published
 * @param report where the JSON report goes, if anywhere
 * @param description the collection's description
 * @param sourceInfo the source commit and CI build
 * @param sourceDate the build date of reproducible images: SOURCE_DATE_EPOCH, else the commit's time
 * @param sourceDateFixed whether SOURCE_DATE_EPOCH set it, for every image; else each image takes the
 *     time of the last commit that changed its inputs
 * @param rebuild which unchanged recipes are built anyway
 * @param tagPattern how a recipe's path becomes its tag
 * @param shard this run's share, when the run is split across machines
 * @param records where a sharded run writes its records
 * @param jobs how many recipes build at once, when the user set it
 * @param signingKey the key that signs every image before it is stored, when one is set
 * @param settings every setting, for plugins
 */
public record RunConfig(
    Path source,
    Namespace namespace,
    String builder,
    URI storage,
    String publisher,
    Optional<String> registry,
    Optional<Path> report,
    Optional<String> description,
    SourceInfo sourceInfo,
    Instant sourceDate,
    boolean sourceDateFixed,
    RebuildPolicy rebuild,
    TagPattern tagPattern,
    Optional<Shard> shard,
    Path records,
    OptionalInt jobs,
    Optional<SigningKey> signingKey,
    Settings settings) {

  private static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

  /** Resolves the settings against the CI environment and the source's git checkout. */
  public static RunConfig resolve(Path source, Settings settings, Map<String, String> environment)
      throws SkiffException {
    CiEnvironment ci = new CiEnvironment(environment);
    Optional<GitCheckout> git;
    try {
      git = GitCheckout.find(source);
    } catch (IOException e) {
      throw new ConfigurationException(null, source + ": cannot read its git repository: " + e.getMessage(), e);
    }
    Namespace namespace = namespace(settings, ci, git, source);
    Optional<String> commit = ci.commit().or(() -> git.flatMap(GitCheckout::head));
    Optional<Instant> commitTime = git.flatMap(GitCheckout::commitTime);
    SourceInfo info = new SourceInfo(ci.repositoryUrl().or(() -> git.flatMap(GitCheckout::origin)), commit,
        commitTime, ci.buildUrl());
    return new RunConfig(
        source,
        namespace,
        settings.get(CoreKeys.BUILDER).orElseThrow(),
        storage(settings),
        settings.get(CoreKeys.PUBLISHER).orElseThrow(),
        settings.get(CoreKeys.REGISTRY).filter(r -> !r.isBlank()),
        settings.path(CoreKeys.REPORT),
        settings.get(CoreKeys.DESCRIPTION),
        info,
        sourceDate(environment, commitTime),
        environment.get(SOURCE_DATE_EPOCH) != null && !environment.get(SOURCE_DATE_EPOCH).isBlank(),
        RebuildPolicy.parse(settings.get(CoreKeys.REBUILD), settings.duration(CoreKeys.REBUILD_AFTER),
            settings.origin(CoreKeys.REBUILD)),
        TagPattern.parse(settings.get(CoreKeys.TAG_PATTERN), settings.origin(CoreKeys.TAG_PATTERN)),
        Shard.parse(settings.get(CoreKeys.SHARD), environment, settings.origin(CoreKeys.SHARD)),
        settings.path(CoreKeys.RECORDS).orElse(source.resolve("skiff-records")),
        settings.integer(CoreKeys.JOBS, 1, 64),
        signingKey(settings),
        settings);
  }

  private static Namespace namespace(Settings settings, CiEnvironment ci, Optional<GitCheckout> git, Path source)
      throws SkiffException {
    Optional<String> explicit = settings.get(CoreKeys.NAMESPACE);
    if (explicit.isPresent()) {
      try {
        return Namespace.parse(explicit.get());
      } catch (InvalidReferenceException e) {
        throw ConfigurationException.of(CoreKeys.NAMESPACE, settings.origin(CoreKeys.NAMESPACE) + ": " + e.getMessage());
      }
    }
    Optional<Namespace> fromCi;
    try {
      fromCi = ci.namespace();
    } catch (SkiffException e) {
      throw ConfigurationException.of(CoreKeys.NAMESPACE, e.getMessage() + "; " + settings.howToSet(CoreKeys.NAMESPACE, "OWNER/NAME"));
    }
    if (fromCi.isPresent()) {
      return fromCi.get();
    }
    return git.flatMap(GitCheckout::namespace).orElseThrow(() -> ConfigurationException.of(CoreKeys.NAMESPACE,
        "cannot tell the namespace of " + source + ": not running in CI and no git remote 'origin' names"
            + " OWNER/NAME; " + settings.howToSet(CoreKeys.NAMESPACE, "OWNER/NAME")));
  }

  /**
   * The signing key the settings give: its armored text, or a file holding it. No message quotes
   * either the key or its passphrase.
   */
  static Optional<SigningKey> signingKey(Settings settings) throws SkiffException {
    Optional<String> value = settings.get(CoreKeys.SIGNING_KEY).filter(v -> !v.isBlank());
    if (value.isEmpty()) {
      if (settings.get(CoreKeys.SIGNING_PASSPHRASE).isPresent()) {
        throw ConfigurationException.of(CoreKeys.SIGNING_PASSPHRASE, settings.origin(CoreKeys.SIGNING_PASSPHRASE)
            + ": a signing passphrase is set but no signing key; " + settings.howToSet(CoreKeys.SIGNING_KEY, "KEY"));
      }
      return Optional.empty();
    }
    String origin = settings.origin(CoreKeys.SIGNING_KEY);
    String armored = value.get();
    if (!armored.contains("-----BEGIN")) {
      // Not a key block: the path of a file holding one, as CI systems hand out secret files.
      try {
        armored = Files.readString(settings.path(CoreKeys.SIGNING_KEY).orElseThrow(), StandardCharsets.US_ASCII);
      } catch (IOException | RuntimeException e) {
        // The value may be a mangled key: it is not shown, even as a path.
        throw ConfigurationException.of(CoreKeys.SIGNING_KEY, origin + ": is neither an armored key (-----BEGIN PGP"
            + " PRIVATE KEY BLOCK-----) nor the path of a readable file holding one (the value is a secret, not shown)");
      }
    }
    char[] passphrase = settings.get(CoreKeys.SIGNING_PASSPHRASE).orElse("").toCharArray();
    try {
      return Optional.of(SigningKey.read(armored, passphrase, Instant.now()));
    } catch (SigningException e) {
      throw ConfigurationException.of(CoreKeys.SIGNING_KEY, origin + ": " + e.getMessage() + (e.passphraseMissing()
          ? "; " + settings.howToSet(CoreKeys.SIGNING_PASSPHRASE, "PASSPHRASE") : ""));
    } finally {
      java.util.Arrays.fill(passphrase, '\0');
    }
  }

  /** The storage the settings name, checked to be a URI. */
  public static URI storage(Settings settings) throws SkiffException {
    String text = settings.get(CoreKeys.STORAGE).filter(s -> !s.isBlank()).orElseThrow(() -> ConfigurationException.of(CoreKeys.STORAGE,
        "no storage set: " + settings.howToSet(CoreKeys.STORAGE, "URI") + " (file:DIR, s3://BUCKET/PREFIX, gs://BUCKET/PREFIX, oci://HOST/PREFIX)"));
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null) {
        throw new URISyntaxException(text, "no scheme");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw ConfigurationException.of(CoreKeys.STORAGE, settings.origin(CoreKeys.STORAGE) + ": storage '" + text
          + "' is not a URI; write file:DIR, s3://BUCKET/PREFIX, gs://BUCKET/PREFIX or oci://HOST/PREFIX");
    }
  }

  private static Instant sourceDate(Map<String, String> environment, Optional<Instant> commitTime)
      throws SkiffException {
    String epoch = environment.get(SOURCE_DATE_EPOCH);
    if (epoch != null && !epoch.isBlank()) {
      try {
        return Instant.ofEpochSecond(Long.parseLong(epoch.trim()));
      } catch (NumberFormatException e) {
        throw new ConfigurationException("SOURCE_DATE_EPOCH: '" + epoch + "' is not a number of seconds");
      }
    }
    // Without a commit there is no meaningful date; a fixed one keeps builds reproducible.
    return commitTime.orElse(Instant.EPOCH);
  }
}
