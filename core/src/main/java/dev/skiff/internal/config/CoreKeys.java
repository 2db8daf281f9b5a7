package dev.skiff.internal.config;

import dev.skiff.spi.ConfigKey;
import java.util.List;

/** The settings Skiff itself reads; plugins declare their own. */
public final class CoreKeys {
  public static final String NAMESPACE = "namespace";
  public static final String BUILDER = "builder";
  public static final String STORAGE = "storage";
  public static final String REGISTRY = "registry";
  public static final String PUBLISHER = "publisher";
  public static final String REPORT = "report";
  public static final String DESCRIPTION = "description";
  public static final String JOBS = "jobs";
  public static final String SITE = "site";
  public static final String REBUILD = "rebuild";
  public static final String REBUILD_AFTER = "rebuild-after";
  public static final String SHARD = "shard";
  public static final String TAG_PATTERN = "tag-pattern";
  public static final String RECORDS = "records";
  public static final String SIGNING_KEY = "signing-key";
  public static final String SIGNING_PASSPHRASE = "signing-passphrase";

  public static final List<ConfigKey> ALL = List.of(
      ConfigKey.of(NAMESPACE, "OWNER/NAME of the images; default: from the CI environment, else the git remote 'origin'"),
      ConfigKey.of(BUILDER, "the builder that turns recipes into images", "singularity"),
      ConfigKey.of(STORAGE, "where images are stored: file:DIR, s3://BUCKET/PREFIX, gs://BUCKET/PREFIX, oci://HOST/PREFIX"),
      ConfigKey.of(REGISTRY, "the registry repository the manifests are published to; none: no publishing"),
      ConfigKey.of(PUBLISHER, "how the registry is updated", "branch"),
      ConfigKey.of(REPORT, "where to write the JSON report of the run"),
      ConfigKey.of(DESCRIPTION, "the collection's description on the registry's page"),
      ConfigKey.of(JOBS, "how many recipes build at once; default: the builder's (1 for local builders)"),
      ConfigKey.of(SITE, "the registry site skiff pull reads for references that name none"),
      ConfigKey.of(REBUILD, "build these recipes even when their inputs are unchanged: 'all', or tags separated by"
          + " commas (--rebuild)"),
      ConfigKey.of(REBUILD_AFTER, "rebuild unchanged recipes whose image was built longer ago than this, such as 30d,"
          + " for base images that move upstream; default: never"),
      ConfigKey.of(TAG_PATTERN, "how a recipe's path becomes its tag: {tag} (the file name's), {dir} (its folder's"
          + " name), {path} (its folder's path, - for /), such as {dir}-{tag}", "{tag}"),
      ConfigKey.of(SHARD, "build only this share of the recipes, I/N (such as 2/4), or 'ci' for the CI system's node"
          + " index and count; the share's records go to 'records' instead of the registry (--shard)"),
      ConfigKey.of(RECORDS, "the folder a sharded run writes its records to, for skiff publish --records"
          + " (--records); default: skiff-records"),
      ConfigKey.secret(SIGNING_KEY, "an ASCII-armored OpenPGP secret key (or the path of a file holding one) that"
          + " signs every image before it is stored, as apptainer sign does; default: images are not signed"),
      ConfigKey.secret(SIGNING_PASSPHRASE, "the passphrase of the signing key, when it has one"));

  private CoreKeys() {}
}
