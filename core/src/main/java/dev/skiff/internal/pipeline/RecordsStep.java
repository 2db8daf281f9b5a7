package dev.skiff.internal.pipeline;

import dev.skiff.internal.config.RunConfig;
import dev.skiff.internal.incremental.BuildDecision;
import dev.skiff.internal.shard.Shard;
import dev.skiff.model.Manifest;
import dev.skiff.model.Tag;
import dev.skiff.report.BuildRecord;
import dev.skiff.report.ShardRecords;
import dev.skiff.spi.PublishException;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Writes a shard's records, instead of publishing, for {@code skiff publish --records}. */
final class RecordsStep {
  private final RunConfig config;
  private final Shard shard;

  RecordsStep(RunConfig config, Shard shard) {
    this.config = config;
    this.shard = shard;
  }

  /** @return the file written */
  Path call(List<BuildDecision> decisions, Set<Tag> sourceTags, List<Manifest> manifests, List<BuildRecord> records)
      throws SkiffException {
    ShardRecords written = new ShardRecords(ShardRecords.FORMAT, config.namespace(), config.sourceInfo().commit(),
        shard.index(), shard.total(), SplitPlan.describe(shard.total(), decisions), sourceTags, manifests, records);
    try {
      Files.createDirectories(config.records());
      return written.writeInto(config.records());
    } catch (IOException e) {
      throw new PublishException("cannot write the records of shard " + shard + " to " + config.records() + ": "
          + IoMessages.describe(e), e);
    }
  }
}
