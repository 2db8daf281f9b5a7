package dev.skiff.internal.pipeline;

import dev.skiff.internal.config.RunConfig;
import dev.skiff.model.Manifest;
import dev.skiff.model.Tag;
import dev.skiff.report.BuildRecord;
import dev.skiff.report.ShardRecords;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.StorageException;
import dev.skiff.spi.VerificationException;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StoredBlob;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks that let the records of N shards be published as one run: each finding is one line
 * that names the shard, and stops the publish before anything is committed.
 */
final class FanIn {
  private final RunConfig config;
  private final Storage storage;
  private final List<Manifest> manifests = new ArrayList<>();
  private final List<BuildRecord> records = new ArrayList<>();
  private Set<Tag> sourceTags = Set.of();

  FanIn(RunConfig config, Storage storage) {
    this.config = config;
    this.storage = storage;
  }

  FanIn check(List<ShardRecords> shards) throws SkiffException, InterruptedException {
    ShardRecords first = shards.get(0);
    int total = first.shards();
    for (ShardRecords shard : shards) {
      String name = "shard " + shard.shard() + "/" + shard.shards();
      if (!shard.namespace().equals(config.namespace())) {
        throw new VerificationException(name + ": its records are of namespace " + shard.namespace() + ", this publish's is "
            + config.namespace());
      }
      if (shard.shards() != total || shard.shard() < 1 || shard.shard() > total) {
        throw new VerificationException(name + ": the shards disagree on how many there are (shard " + first.shard() + " says "
            + total + ")");
      }
      if (!shard.sourceCommit().equals(first.sourceCommit())
          || config.sourceInfo().commit().isPresent() && shard.sourceCommit().isPresent()
              && !shard.sourceCommit().equals(config.sourceInfo().commit())) {
        throw new VerificationException(name + ": built source commit " + shard.sourceCommit().orElse("(none)")
            + ", this publish is of " + config.sourceInfo().commit().or(first::sourceCommit).orElse("(none)"));
      }
      if (!shard.plan().equals(first.plan()) || !shard.sourceTags().equals(first.sourceTags())) {
        throw new VerificationException(name + ": its plan differs from shard " + first.shard() + "'s; the shards saw"
            + " different recipes or a different registry, run them again");
      }
    }
    for (int index = 1; index <= total; index++) {
      int wanted = index;
      long count = shards.stream().filter(s -> s.shard() == wanted).count();
      if (count != 1) {
        throw new VerificationException("shard " + index + "/" + total + ": " + (count == 0 ? "its records are missing"
            : "its records are there " + count + " times") + "; nothing was published");
      }
    }
    for (ShardRecords shard : shards) {
      for (BuildRecord record : shard.records()) {
        if (record.status() == BuildRecord.Status.FAILED) {
          throw new VerificationException("shard " + shard.shard() + "/" + total + ": " + record.recipe() + " failed ("
              + record.error().orElse("no reason given") + "); nothing was published");
        }
      }
      for (Manifest manifest : shard.manifests()) {
        if (!manifest.namespace().equals(config.namespace())) {
          throw new VerificationException("shard " + shard.shard() + "/" + total + ": tag " + manifest.tag() + " is of namespace "
              + manifest.namespace() + ", not " + config.namespace() + "; nothing was published");
        }
        checkStored(shard, manifest);
        // The URL is the storage's, never the records': records are files a CI job handed over.
        BlobKey key = new BlobKey(config.namespace(), manifest.digest());
        manifests.add(new Manifest(manifest.namespace(), manifest.tag(), manifest.digest(), manifest.size(),
            storage.publicUrl(key), manifest.provenance()));
      }
      for (BuildRecord record : shard.records()) {
        // The summary and the reports name what was committed: the storage's URL here too.
        records.add(record.digest().map(digest -> record.withUrl(storage.publicUrl(new BlobKey(config.namespace(),
            digest)))).orElse(record));
      }
    }
    manifests.sort(Comparator.comparing(m -> m.provenance().recipe()));
    records.sort(Comparator.comparing(BuildRecord::recipe));
    sourceTags = first.sourceTags();
    return this;
  }

  private void checkStored(ShardRecords shard, Manifest manifest) throws SkiffException, InterruptedException {
    BlobKey key = new BlobKey(config.namespace(), manifest.digest());
    String where = "shard " + shard.shard() + "/" + shard.shards() + ": tag " + manifest.tag() + ": ";
    Optional<StoredBlob> blob;
    try {
      blob = storage.stat(key);
    } catch (IOException e) {
      throw new StorageException(where + "cannot check " + storage.describe(key) + ": " + IoMessages.describe(e), e);
    }
    if (blob.isEmpty()) {
      throw new VerificationException(where + storage.describe(key) + " is not in storage; nothing was published");
    }
    if (blob.get().size() != manifest.size()) {
      throw new VerificationException(where + storage.describe(key) + " holds " + blob.get().size() + " bytes, the records say "
          + manifest.size() + "; nothing was published");
    }
  }

  List<Manifest> manifests() {
    return manifests;
  }

  List<BuildRecord> records() {
    return records;
  }

  Set<Tag> sourceTags() {
    return sourceTags;
  }
}
